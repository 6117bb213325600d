import type { RuleModule } from "../src/rule-kit/define-rule.js";
import { agentCallsPerRequest } from "./agent-calls-per-request/rule.js";
import { highMaxTokens } from "./high-max-tokens/rule.js";
import { missingCachePoint } from "./missing-cache-point/rule.js";
import { modelUpgrade } from "./model-upgrade/rule.js";
import { opensearchServerlessKnowledgeBase } from "./opensearch-serverless-knowledge-base/rule.js";
import { priorityTier } from "./priority-tier/rule.js";
import { provisionedThroughput } from "./provisioned-throughput/rule.js";
import { regionalInferenceProfile } from "./regional-inference-profile/rule.js";
import { uncappedMaxTokens } from "./uncapped-max-tokens/rule.js";

/** Every rule, sorted by id. A meta-test checks this list against the folders. */
export const rules: ReadonlyArray<RuleModule<any>> = [
  agentCallsPerRequest,
  highMaxTokens,
  missingCachePoint,
  modelUpgrade,
  opensearchServerlessKnowledgeBase,
  priorityTier,
  provisionedThroughput,
  regionalInferenceProfile,
  uncappedMaxTokens,
];
