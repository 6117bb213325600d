import { describe, expect, it } from "vitest";
import { loadPythonExtractor } from "../../../../src/extract/python/index.js";
import { extract, lines } from "./extract-helper.js";

const extractor = await loadPythonExtractor();

describe("files that are not valid Python 3: one located problem, no sites", () => {
  const cases = [
    {
      name: "Python 2 print statement",
      code: lines("import boto3", 'rt = boto3.client("bedrock-runtime")', 'print "calling"', 'rt.converse(modelId="amazon.nova-lite-v1:0")'),
      problem: { path: "app/service.py", line: 3, column: 1, message: "Python 2 syntax (print statement); file skipped" },
    },
    {
      name: "Python 2 exec statement",
      code: lines("import boto3", '    ', 'exec "x = 1"'),
      problem: { path: "app/service.py", line: 3, column: 1, message: "Python 2 syntax (exec statement); file skipped" },
    },
    {
      name: "unclosed parameter list",
      code: lines("import boto3", "def f(:", "    boto3.client('bedrock-runtime').converse(modelId='x')"),
      problem: { path: "app/service.py", line: 2, column: 7, message: 'Python syntax error (missing ")"); file skipped' },
    },
    {
      name: "stray tokens",
      code: lines("import boto3", "x = = 1", "boto3.client('bedrock-runtime').converse(modelId='x')"),
      problem: { path: "app/service.py", line: 2, column: 5, message: 'Python syntax error (unexpected "="); file skipped' },
    },
  ];
  it.each(cases)("$name", ({ code, problem }) => {
    expect(extract(code)).toEqual({ sites: [], problems: [problem] });
  });

  it("never throws on odd input", () => {
    for (const text of ["", "\u0000\u0001", "(" .repeat(5000), "def", "'''", "\ufeffimport boto3\n"]) {
      expect(() => extract(text)).not.toThrow();
    }
  });

  it("print() as a function is Python 3", () => {
    expect(extract(lines('print("hi")'))).toEqual({ sites: [], problems: [] });
  });
});

describe("prefilter and file types", () => {
  const prefilter = [
    { text: "import boto3\nboto3.client('bedrock-runtime')", expected: true },
    { text: "from anthropic import AnthropicBedrock", expected: true },
    { text: "from strands import Agent", expected: true },
    { text: "from langchain_aws import ChatBedrockConverse", expected: true },
    { text: "from llama_index.llms.bedrock_converse import BedrockConverse", expected: true },
    { text: "def f(client):\n    client.converse(modelId=m)", expected: true },
    { text: "svc = boto3.client(SERVICE)\nsvc.create_model_invocation_job(modelId=m)", expected: true },
    { text: "import boto3\ns3 = boto3.client('s3')", expected: false },
    { text: "import json\nprint(json.dumps({}))", expected: false },
  ];
  it.each(prefilter)("mayContainCalls($text) is $expected", ({ text, expected }) => {
    expect(extractor.mayContainCalls(text)).toBe(expected);
  });

  const paths = [
    { path: "app/chat.py", expected: true },
    { path: "app/chat.pyi", expected: false },
    { path: "notebooks/demo.ipynb", expected: false },
    { path: "app/chat.ts", expected: false },
  ];
  it.each(paths)("handles($path) is $expected", ({ path, expected }) => {
    expect(extractor.handles(path)).toBe(expected);
  });

  it("is the python extractor", () => {
    expect(extractor.language).toBe("python");
  });
});

describe("usage annotations", () => {
  it("attaches the annotation above the statement holding the call", () => {
    const code = lines(
      "import boto3",
      'rt = boto3.client("bedrock-runtime")',
      "def ask(q):",
      "    # bedrock-cost: requests_per_day=5000 output_tokens=300",
      "    # (support traffic)",
      "    response = rt.converse(",
      '        modelId="amazon.nova-lite-v1:0",',
      "        messages=q,",
      "    )",
      '    rt.converse(modelId="amazon.nova-pro-v1:0")',
    );
    const [annotated, plain] = extract(code).sites;
    expect(annotated?.annotation).toEqual({ line: 4, fields: { requests_per_day: "5000", output_tokens: "300" } });
    expect(plain?.annotation).toBeUndefined();
  });

  it("an annotation on the line of the call", () => {
    const code = lines("import boto3", 'boto3.client("bedrock-runtime").converse(modelId="amazon.nova-lite-v1:0")  # bedrock-cost: requests_per_month=900');
    expect(extract(code).sites[0]?.annotation).toEqual({ line: 2, fields: { requests_per_month: "900" } });
  });
});

describe("location", () => {
  it("columns count characters, not bytes", () => {
    const code = lines("import boto3", 'rt = boto3.client("bedrock-runtime")', 'é = "ü"; rt.converse(modelId="amazon.nova-lite-v1:0")');
    // The call starts after `é = "ü"; ` (9 characters) and ends at the line's end (53 characters);
    // endColumn is the column just past the call, as in the TypeScript extractor.
    expect(extract(code).sites[0]?.location).toEqual({ path: "app/service.py", line: 3, column: 10, endLine: 3, endColumn: 54 });
  });

  it("symbols nest: class, method, inner function", () => {
    const code = lines(
      "import boto3",
      'rt = boto3.client("bedrock-runtime")',
      "class Svc:",
      "    def run(self):",
      "        def inner():",
      '            return rt.converse(modelId="amazon.nova-lite-v1:0")',
      "        return inner",
    );
    expect(extract(code).sites.map((s) => s.key)).toEqual(["app/service.py#Svc.run.inner#converse#0"]);
  });

  it("loops: while condition and comprehension count; a for loop's iterable does not", () => {
    const code = lines(
      "import boto3",
      'rt = boto3.client("bedrock-runtime")',
      'while rt.converse(modelId="amazon.nova-lite-v1:0"):',
      "    pass",
      'answers = [rt.converse(modelId="amazon.nova-lite-v1:0", messages=q) for q in qs]',
      'for part in rt.converse_stream(modelId="amazon.nova-lite-v1:0")["stream"]:',
      "    pass",
    );
    expect(extract(code).sites.map((s) => [s.location.line, s.notes])).toEqual([
      [3, ["inside a loop"]],
      [5, ["inside a loop"]],
      [6, []],
    ]);
  });
});
