/**
 * Every recognised call needs one of these in the file: a library's import path, a `bedrock` service
 * name, or a Bedrock method name (for clients passed in from elsewhere). The frameworks that take a
 * model string (LiteLLM, DSPy, CrewAI, PydanticAI) are named too: the `bedrock/…` string may sit in a
 * settings module. Case-sensitive on purpose: it is
 * faster, and Python module and method names are lower case while the classes are `…Bedrock…`.
 */
const TRIGGER = /[Bb]edrock|strands|langchain_aws|llama_index|converse|invoke_model|start_async_invoke|create_model_invocation_job|retrieve_and_generate|invoke_agent|invoke_inline_agent|litellm|dspy|crewai|pydantic_ai/;

export function mayContainBedrockCalls(text: string): boolean {
  return TRIGGER.test(text);
}
