const REPOSITORY = "https://github.com/bedrock-cost-review/bedrock-cost-review";

/** The rule's documentation page (its README in the repository); the project page for an empty id. */
export function ruleDocUrl(ruleId: string): string {
  return ruleId ? `${REPOSITORY}/blob/main/rules/${ruleId}/README.md` : REPOSITORY;
}
