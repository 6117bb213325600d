import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sitesOf } from "./extract-helper.js";

const ROOT = new URL("../../../../fixtures/prs/python-rag/", import.meta.url);
const sitesIn = (side: "base" | "head", path: string) => sitesOf(readFileSync(new URL(`${side}/${path}`, ROOT), "utf8"), path);

// SYSTEM_PROMPT is 5,095 characters (Python: len(SYSTEM_PROMPT)), ~1,270 tokens at 4 characters a token.
const SYSTEM = { chars: 5095, origin: "constant SYSTEM_PROMPT" };

describe("fixture PR python-rag", () => {
  it("base: one embedding call, one capped Haiku converse call with an uncached system prompt", () => {
    expect(sitesIn("base", "rag/embeddings.py")).toMatchObject([{
      line: 14, key: "rag/embeddings.py#embed_query#invoke_model#0", api: "invoke_model",
      model: { id: "amazon.titan-embed-text-v2:0", source: "env-default", env: "EMBEDDING_MODEL_ID" }, embedding: true,
    }]);
    expect(sitesIn("base", "rag/answer.py")).toMatchObject([{
      line: 77, key: "rag/answer.py#RagAnswerer.answer#converse#0",
      model: { id: "us.anthropic.claude-haiku-4-5-20251001-v1:0", source: "constant" },
      maxTokens: { kind: "static", value: 1024, source: "literal" }, cache: "0 - 5m", system: SYSTEM,
    }]);
  });

  it("head: the same site key now calls Sonnet 4.5 through a us. profile; a new uncapped call", () => {
    expect(sitesIn("head", "rag/answer.py")).toMatchObject([{
      line: 77, key: "rag/answer.py#RagAnswerer.answer#converse#0",
      model: { id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", source: "constant" },
      maxTokens: { kind: "static", value: 1024, source: "literal" }, cache: "0 - 5m", system: SYSTEM,
    }]);
    expect(sitesIn("head", "rag/followups.py")).toMatchObject([{
      line: 11, key: "rag/followups.py#suggest_followups#converse#0",
      model: { id: "us.anthropic.claude-haiku-4-5-20251001-v1:0", source: "constant" },
      maxTokens: { kind: "absent" }, system: null,
    }]);
    expect(sitesIn("head", "rag/embeddings.py")).toEqual(sitesIn("base", "rag/embeddings.py"));
  });
});
