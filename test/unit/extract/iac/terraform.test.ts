import { beforeAll, describe, expect, test } from "vitest";
import { loadIacExtractor, type IacExtractor } from "../../../../src/extract/iac/index.js";
import type { Resource } from "../../../../src/model/resource.js";

let iac: IacExtractor;
beforeAll(async () => {
  iac = await loadIacExtractor();
});

/** The parts of a resource a table row states: where, what, which model, which settings. */
function summary(r: Resource) {
  return { key: r.key, line: r.location.line, endLine: r.location.endLine, kind: r.kind, model: r.model, attributes: r.attributes, references: r.references };
}

const MAIN_TF = `resource "aws_bedrock_provisioned_model_throughput" "pt" {
  provisioned_model_name = "support-pt"
  model_arn              = data.aws_bedrock_foundation_model.haiku.model_arn
  model_units            = var.model_units
  commitment_duration    = "SixMonths"
}

resource "aws_bedrockagent_agent" "support" {
  agent_name              = "support"
  agent_resource_role_arn = aws_iam_role.agent.arn
  foundation_model        = local.agent_model
  instruction             = "Answer support questions from the knowledge base."
}

resource "aws_opensearchserverless_collection" "kb" {
  name             = "kb-vectors"
  type             = "VECTORSEARCH"
  standby_replicas = "DISABLED"
}

resource "aws_bedrockagent_knowledge_base" "kb" {
  name     = "docs"
  role_arn = aws_iam_role.kb.arn
  knowledge_base_configuration {
    type = "VECTOR"
    vector_knowledge_base_configuration {
      embedding_model_arn = "arn:aws:bedrock:\${var.region}::foundation-model/amazon.titan-embed-text-v2:0"
    }
  }
  storage_configuration {
    type = "OPENSEARCH_SERVERLESS"
    opensearch_serverless_configuration {
      collection_arn    = aws_opensearchserverless_collection.kb.arn
      vector_index_name = "docs"
      field_mapping {
        vector_field   = "vec"
        text_field     = "text"
        metadata_field = "meta"
      }
    }
  }
}
`;

const VARIABLES_TF = `variable "model_units" {
  type    = number
  default = 2
}

variable "region" {
  type = string
}

variable "agent_model" {
  default = "anthropic.claude-sonnet-4-5-20250929-v1:0"
}

locals {
  agent_model = "global.\${var.agent_model}"
}

data "aws_bedrock_foundation_model" "haiku" {
  model_id = "anthropic.claude-3-haiku-20240307-v1:0"
}
`;

describe("Terraform: a module spread over two files", () => {
  test("finds each resource with its exact lines, kind, resolved model and attributes", () => {
    const result = iac.extract([
      { path: "infra/main.tf", text: MAIN_TF },
      { path: "infra/variables.tf", text: VARIABLES_TF },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.resources.map(summary)).toEqual([
      {
        key: "infra/main.tf#aws_bedrock_provisioned_model_throughput#pt",
        line: 1,
        endLine: 6,
        kind: "provisioned_throughput",
        model: { id: "anthropic.claude-3-haiku-20240307-v1:0", source: "constant" },
        attributes: { modelUnits: 2, commitment: "SixMonths" },
        references: [],
      },
      {
        key: "infra/main.tf#aws_bedrockagent_agent#support",
        line: 8,
        endLine: 13,
        kind: "agent",
        model: { id: "global.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "constant" },
        attributes: {},
        references: [],
      },
      {
        key: "infra/main.tf#aws_opensearchserverless_collection#kb",
        line: 15,
        endLine: 19,
        kind: "vector_store",
        model: null,
        attributes: { collectionType: "VECTORSEARCH", standbyReplicas: "DISABLED" },
        references: [],
      },
      {
        key: "infra/main.tf#aws_bedrockagent_knowledge_base#kb",
        line: 21,
        endLine: 42,
        kind: "knowledge_base",
        // The region is unknown (no default), but the ARN's model part is literal.
        model: { id: "amazon.titan-embed-text-v2:0", source: "constant" },
        attributes: { storageType: "OPENSEARCH_SERVERLESS", collection: { dynamic: "aws_opensearchserverless_collection.kb.arn" } },
        references: ["infra/main.tf#aws_opensearchserverless_collection#kb"],
      },
    ]);
  });

  test("says where each resolved model came from", () => {
    const result = iac.extract([
      { path: "infra/main.tf", text: MAIN_TF },
      { path: "infra/variables.tf", text: VARIABLES_TF },
    ]);
    expect(result.resources.map((r) => r.notes)).toEqual([
      ["model from data.aws_bedrock_foundation_model.haiku.model_arn"],
      ["model from local.agent_model"],
      [],
      ["model from the id in an ARN whose placement depends on var.region (no default; set where the module is used)"],
    ]);
  });

  test("the same module without its variables file: values from elsewhere are dynamic, never guessed", () => {
    const result = iac.extract([{ path: "infra/main.tf", text: MAIN_TF }]);
    const [pt, agent] = result.resources;
    expect(pt!.model).toEqual({ id: null, source: "dynamic", origin: "data.aws_bedrock_foundation_model.haiku.model_arn" });
    expect(pt!.attributes.modelUnits).toEqual({ dynamic: "var.model_units (not declared in this module)" });
    expect(agent!.model).toEqual({ id: null, source: "dynamic", origin: "local.agent_model (not declared in this module)" });
  });

  test("a module in another folder does not see these variables", () => {
    const result = iac.extract([
      { path: "infra/variables.tf", text: VARIABLES_TF },
      { path: "other/pt.tf", text: `resource "aws_bedrock_provisioned_model_throughput" "pt" {\n  model_arn = var.agent_model\n  model_units = 1\n}\n` },
    ]);
    expect(result.resources.map((r) => [r.key, r.model, r.attributes])).toEqual([
      [
        "other/pt.tf#aws_bedrock_provisioned_model_throughput#pt",
        { id: null, source: "dynamic", origin: "var.agent_model (not declared in this module)" },
        { modelUnits: 1, commitment: "none" },
      ],
    ]);
  });
});

describe("Terraform: every priced resource type", () => {
  const TF = `resource "aws_bedrock_guardrail" "g" {
  name                      = "support"
  blocked_input_messaging   = "Blocked."
  blocked_outputs_messaging = "Blocked."
  content_policy_config {
    filters_config {
      type            = "HATE"
      input_strength  = "HIGH"
      output_strength = "HIGH"
    }
  }
  sensitive_information_policy_config {
    pii_entities_config {
      type   = "EMAIL"
      action = "ANONYMIZE"
    }
  }
}

resource "aws_bedrock_inference_profile" "p" {
  name = "support"
  model_source {
    copy_from = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"
  }
}

resource "aws_bedrock_model_invocation_logging_configuration" "log" {
  logging_config {
    text_data_delivery_enabled = true
    image_data_delivery_enabled = false
    cloudwatch_config {
      log_group_name = "bedrock"
      role_arn       = aws_iam_role.log.arn
    }
  }
}

resource "aws_bedrock_custom_model" "tuned" {
  custom_model_name     = "tuned"
  job_name              = "tune-1"
  base_model_identifier = "amazon.titan-text-express-v1"
  customization_type    = "FINE_TUNING"
  hyperparameters = {
    "epochCount" = "2"
  }
}

resource "awscc_bedrock_agent" "cc" {
  agent_name       = "cc"
  foundation_model = "amazon.nova-pro-v1:0"
}

resource "aws_s3_bucket" "unrelated" {
  bucket = "x"
}
`;

  test.each([
    ["infra/all.tf#aws_bedrock_guardrail#g", 1, "guardrail", null, {
      contentPolicy: true, topicPolicy: false, sensitiveInformationPolicy: true, contextualGroundingPolicy: false, wordPolicy: false, automatedReasoningPolicy: false,
    }],
    ["infra/all.tf#aws_bedrock_inference_profile#p", 20, "inference_profile",
      { id: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0", source: "literal" }, { profileKind: "none" }],
    ["infra/all.tf#aws_bedrock_model_invocation_logging_configuration#log", 27, "logging", null, {
      textDataDelivery: true, imageDataDelivery: false, embeddingDataDelivery: true, videoDataDelivery: true, cloudWatch: true, s3: false,
    }],
    ["infra/all.tf#aws_bedrock_custom_model#tuned", 38, "custom_model", { id: "amazon.titan-text-express-v1", source: "literal" },
      { customizationType: "FINE_TUNING", epochCount: "2" }],
    ["infra/all.tf#awscc_bedrock_agent#cc", 48, "agent", { id: "amazon.nova-pro-v1:0", source: "literal" }, {}],
  ])("%s", (key, line, kind, model, attributes) => {
    const found = iac.extract([{ path: "infra/all.tf", text: TF }]).resources.find((r) => r.key === key);
    expect(found && { line: found.location.line, kind: found.kind, model: found.model, attributes: found.attributes }).toEqual({ line, kind, model, attributes });
  });

  test("only Bedrock-cost resources are reported (the S3 bucket is not)", () => {
    expect(iac.extract([{ path: "infra/all.tf", text: TF }]).resources).toHaveLength(5);
  });
});

describe("Terraform: dynamic values", () => {
  test.each([
    ["a function call", `foundation_model = lookup(var.models, "agent")`, { id: null, source: "dynamic", origin: '`lookup(var.models, "agent")`' }],
    ["a conditional", `foundation_model = var.big ? "a" : "b"`, { id: null, source: "dynamic", origin: '`var.big ? "a" : "b"`' }],
    ["a module output", `foundation_model = module.models.agent`, { id: null, source: "dynamic", origin: "module.models.agent" }],
    ["an index", `foundation_model = var.models[0]`, { id: null, source: "dynamic", origin: "`var.models[0]`" }],
    ["a variable without default", `foundation_model = var.m`, { id: null, source: "dynamic", origin: "var.m (no default; set where the module is used)" }],
    ["a template with an unknown part", `foundation_model = "\${var.m}-v1"`, {
      id: null, source: "dynamic", origin: '""${var.m}-v1"" (depends on var.m (no default; set where the module is used))',
    }],
    ["a missing attribute", `agent_name = "x"`, { id: null, source: "dynamic", origin: "`foundation_model` is not set" }],
  ])("%s", (_, line, model) => {
    const text = `variable "m" {}\nresource "aws_bedrockagent_agent" "a" {\n  ${line}\n}\n`;
    expect(iac.extract([{ path: "a.tf", text }]).resources[0]!.model).toEqual(model);
  });

  test("a heredoc and escapes resolve as text", () => {
    const text = `resource "aws_bedrockagent_agent" "a" {\n  foundation_model = <<EOT\namazon.nova-lite-v1:0\nEOT\n}\n`;
    expect(iac.extract([{ path: "a.tf", text }]).resources[0]!.model).toEqual({ id: "amazon.nova-lite-v1:0", source: "literal" });
  });

  test("a variable that refers to itself through a local is dynamic, not a hang", () => {
    const text = `locals {\n  a = local.b\n  b = local.a\n}\nresource "aws_bedrockagent_agent" "a" {\n  foundation_model = local.a\n}\n`;
    expect(iac.extract([{ path: "a.tf", text }]).resources[0]!.model).toEqual({ id: null, source: "dynamic", origin: "local.a (refers to itself)" });
  });
});

test("a string that is one interpolation keeps the value's type", () => {
  const text = `variable "units" {\n  default = 4\n}\nresource "aws_bedrock_provisioned_model_throughput" "pt" {\n  model_arn = "amazon.nova-pro-v1:0"\n  model_units = "\${var.units}"\n}\n`;
  expect(iac.extract([{ path: "a.tf", text }]).resources[0]!.attributes.modelUnits).toBe(4);
});

test("terraform.tfvars and *.auto.tfvars values beat variable defaults", () => {
  const result = iac.extract([
    { path: "infra/main.tf", text: MAIN_TF },
    { path: "infra/variables.tf", text: VARIABLES_TF },
    { path: "infra/terraform.tfvars", text: `model_units = 4\n` },
    { path: "infra/prod.auto.tfvars", text: `agent_model = "anthropic.claude-opus-4-6-v1"\n` },
  ]);
  const [pt, agent] = result.resources;
  expect(result.problems).toEqual([]);
  expect(pt!.attributes.modelUnits).toBe(4);
  expect(agent!.model).toEqual({ id: "global.anthropic.claude-opus-4-6-v1", source: "constant" });
});

describe("Terraform: Lambda environment variables", () => {
  test("model-bearing entries become env bindings; others are left out", () => {
    const text = `variable "geo" {
  default = "us"
}

resource "aws_lambda_function" "fn" {
  function_name = "answer"
  environment {
    variables = {
      BEDROCK_MODEL_ID = "\${var.geo}.anthropic.claude-haiku-4-5-20251001-v1:0"
      TABLE_NAME       = "answers"
      FALLBACK         = "amazon.nova-lite-v1:0"
      MODEL_ARN        = aws_bedrock_inference_profile.p.arn
    }
  }
}
`;
    expect(iac.extract([{ path: "fn.tf", text }]).envBindings).toEqual([
      { env: "BEDROCK_MODEL_ID", model: { id: "us.anthropic.claude-haiku-4-5-20251001-v1:0", source: "constant" }, location: { path: "fn.tf", line: 9, column: 1, endLine: 9, endColumn: 1 } },
      { env: "FALLBACK", model: { id: "amazon.nova-lite-v1:0", source: "literal" }, location: { path: "fn.tf", line: 11, column: 1, endLine: 11, endColumn: 1 } },
      { env: "MODEL_ARN", model: { id: null, source: "dynamic", origin: "aws_bedrock_inference_profile.p.arn" }, location: { path: "fn.tf", line: 12, column: 1, endLine: 12, endColumn: 1 } },
    ]);
  });
});

describe("Terraform JSON (.tf.json)", () => {
  const TF_JSON = `{
  "variable": {
    "units": { "default": 3 }
  },
  "resource": {
    "aws_bedrock_provisioned_model_throughput": {
      "pt": {
        "model_arn": "arn:aws:bedrock:us-east-1::foundation-model/\${var.model}",
        "model_units": "\${var.units}",
        "commitment_duration": "OneMonth"
      }
    },
    "aws_bedrockagent_agent": {
      "a": [{ "foundation_model": "amazon.nova-micro-v1:0" }]
    }
  },
  "variable_unused": {}
}
`;
  test("finds resources at the line of their name key, resolving ${var.x}", () => {
    const result = iac.extract([
      { path: "gen/main.tf.json", text: TF_JSON },
      { path: "gen/vars.tf", text: `variable "model" {\n  default = "anthropic.claude-instant-v1"\n}\n` },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.resources.map((r) => [r.key, r.location.line, r.kind, r.model, r.attributes])).toEqual([
      ["gen/main.tf.json#aws_bedrock_provisioned_model_throughput#pt", 7, "provisioned_throughput",
        { id: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-instant-v1", source: "constant" },
        { modelUnits: 3, commitment: "OneMonth" }],
      ["gen/main.tf.json#aws_bedrockagent_agent#a", 14, "agent", { id: "amazon.nova-micro-v1:0", source: "literal" }, {}],
    ]);
  });

  test("broken JSON is one located problem", () => {
    const result = iac.extract([{ path: "gen/bad.tf.json", text: `{\n  "resource": {\n    "x": 1,\n  }\n}\n` }]);
    expect(result.resources).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ path: "gen/bad.tf.json", line: 4 });
    expect(result.problems[0]!.message).toMatch(/^Terraform JSON syntax error .*; file skipped$/);
  });
});

describe("Terraform: broken files", () => {
  test("a syntax error is one located problem; the file is skipped and the rest of the module still read", () => {
    const result = iac.extract([
      { path: "infra/broken.tf", text: `resource "aws_bedrockagent_agent" "a" {\n  foundation_model = \n}\n` },
      { path: "infra/ok.tf", text: `resource "aws_bedrockagent_agent" "b" {\n  foundation_model = "amazon.nova-lite-v1:0"\n}\n` },
    ]);
    expect(result.problems).toEqual([
      { path: "infra/broken.tf", line: 2, column: 3, message: 'Terraform syntax error (unexpected "foundation_model ="); file skipped' },
    ]);
    expect(result.resources.map((r) => r.key)).toEqual(["infra/ok.tf#aws_bedrockagent_agent#b"]);
  });

  test("an unclosed block is reported, not thrown", () => {
    const result = iac.extract([{ path: "x.tf", text: `resource "aws_bedrockagent_agent" "a" {\n  foundation_model = "x"\n` }]);
    expect(result.resources).toEqual([]);
    expect(result.problems).toEqual([{ path: "x.tf", line: 3, column: 1, message: "Terraform syntax error (missing }); file skipped" }]);
  });
});

describe("a resource address declared twice in one module (found by the fuzzer)", () => {
  const pt = `resource "aws_bedrock_provisioned_model_throughput" "pt" {
  provisioned_model_name = "pt"
  model_arn              = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
  model_units            = 1
}
`;

  test("the first declaration is read; the second is a located problem naming the first, never a silent drop", () => {
    const result = iac.extract([{ path: "infra/a.tf", text: pt }, { path: "infra/b.tf", text: pt }]);
    expect(result.resources.map((r) => r.location.path)).toEqual(["infra/a.tf"]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        path: "infra/b.tf",
        line: 1,
        message: "duplicate resource aws_bedrock_provisioned_model_throughput.pt: already declared at infra/a.tf:1; Terraform refuses this module, so this one is not priced",
      }),
    ]);
  });
});
