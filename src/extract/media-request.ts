import type { MaxTokens, MediaRequest } from "../model/call-site.js";
import type { BodyField, BodyReader } from "./body-field.js";


const IMAGE_TASKS = new Set(["TEXT_IMAGE", "INPAINTING", "OUTPAINTING", "IMAGE_VARIATION", "COLOR_GUIDED_GENERATION", "BACKGROUND_REMOVAL", "VIRTUAL_TRY_ON"]);
const VIDEO_TASKS = new Set(["TEXT_VIDEO", "MULTI_SHOT_AUTOMATED", "MULTI_SHOT_MANUAL"]);
/** Nova Reel renders a manual multi-shot video six seconds a shot. */
const SECONDS_PER_SHOT = 6;
/** "A query is a single call to the reranker model that can contain up to 100 document chunks" (bedrock/latest/userguide/rerank-pricing). */
const DOCUMENTS_PER_QUERY = 100;

/**
 * What an image or video generation body asks for: Nova Canvas and Titan Image Generator's
 * `imageGenerationConfig` (numberOfImages, quality, width × height), Nova Reel's `videoGenerationConfig`
 * (durationSeconds; a manual multi-shot request is six seconds a shot), a rerank body's `query` and
 * `documents` (Cohere Rerank, Amazon Rerank). Undefined for a body of none of these kinds.
 */
export function mediaRequestFrom(field: BodyReader): MediaRequest | undefined {
  const taskField = field("taskType");
  const task = taskField.kind === "string" ? taskField.value : undefined;
  const present = (kind: BodyField["kind"]) => kind !== "absent";
  if ((task && VIDEO_TASKS.has(task)) || present(field("videoGenerationConfig").kind)) {
    const shots = field("multiShotManualParams", "shots");
    const count: MaxTokens =
      task === "MULTI_SHOT_MANUAL"
        ? shots.kind === "list" && shots.length !== null
          ? { kind: "static", value: shots.length * SECONDS_PER_SHOT, source: "literal" }
          : { kind: "dynamic", origin: shots.kind === "unknown" ? shots.origin : "the shots are not listed in the request" }
        : countFrom(field("videoGenerationConfig", "durationSeconds"));
    return { kind: "video", count, ...(task ? { task } : {}) };
  }
  if ((task && IMAGE_TASKS.has(task)) || present(field("imageGenerationConfig").kind)) {
    const quality = field("imageGenerationConfig", "quality");
    const width = field("imageGenerationConfig", "width");
    const height = field("imageGenerationConfig", "height");
    return {
      kind: "image",
      count: countFrom(field("imageGenerationConfig", "numberOfImages")),
      ...(quality.kind === "absent" ? {} : { quality: quality.kind === "string" ? quality.value : null }),
      ...(width.kind === "absent" && height.kind === "absent" ? {} : { pixels: width.kind === "number" && height.kind === "number" ? width.value * height.value : null }),
      ...(task ? { task } : {}),
    };
  }
  if (present(field("query").kind) && present(field("documents").kind)) return rerankRequestFrom(field("documents"));
  return undefined;
}

/** A rerank call is billed one query per 100 documents (or part of 100) it sends. */
export function rerankRequestFrom(documents: BodyField): MediaRequest {
  const count: MaxTokens =
    documents.kind === "list" && documents.length !== null
      ? { kind: "static", value: Math.max(1, Math.ceil(documents.length / DOCUMENTS_PER_QUERY)), source: "literal" }
      : documents.kind === "absent"
        ? { kind: "absent" }
        : { kind: "dynamic", origin: documents.kind === "unknown" ? documents.origin : "the documents are not listed in the request" };
  return { kind: "rerank", count };
}

function countFrom(field: BodyField): MaxTokens {
  if (field.kind === "absent") return { kind: "absent" };
  if (field.kind === "number") return { kind: "static", value: field.value, source: field.source, ...(field.env !== undefined ? { env: field.env } : {}) };
  return { kind: "dynamic", origin: field.kind === "unknown" ? field.origin : `a ${field.kind} where a number belongs` };
}
