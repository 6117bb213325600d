/** An embedding model by its id, profile id or ARN (`amazon.titan-embed-text-v2:0`, `cohere.embed-v4:0`): input tokens only. */
export function isEmbeddingModelId(id: string | null): boolean {
  return id !== null && /embed/i.test(id);
}
