/**
 * Test code by the conventions of the ecosystems we read (Jest/Vitest/Mocha, pytest, Go-style
 * `_test`): it runs against mocks, not Bedrock, so its calls of a wrapper are never a source of traffic.
 */
const TEST_PATH = /(?:^|\/)(?:__tests__|__mocks__|tests?|spec|specs|e2e)\/|\.(?:test|spec|e2e)\.[cm]?[jt]sx?$|(?:^|\/)test_[^/]*\.py$|_test\.py$|(?:^|\/)conftest\.py$/;

export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}
