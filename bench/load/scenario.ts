import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** One side of a repository as GitHub would hold it at a commit: path -> text. */
export type Files = ReadonlyMap<string, string>;

export interface PullRequestPlan {
  owner: string;
  repo: string;
  number: number;
  /** fixtures/prs/<fixture>: what the PR changes. */
  fixture: string;
  /** Tip of the base branch (the payload's base.sha) and where the PR branched off (compare's merge base). */
  baseTip: string;
  mergeBase: string;
  /** Head of the first push, and of the second push when there is one. */
  heads: [string] | [string, string];
  /** When the second push is delivered: right after the first (coalesces or supersedes), or once the first review finished (edits the comment). */
  secondPush?: "quick" | "late";
}

export interface RepoPlan {
  owner: string;
  name: string;
  id: number;
  installationId: number;
  fixture: string;
  prs: PullRequestPlan[];
}

export interface Scenario {
  repos: RepoPlan[];
  /** Every PR, in the order their `opened` deliveries go out (round-robin over the repositories). */
  prs: PullRequestPlan[];
  /** Commit sha -> its files (base tips and merge bases hold the fixture's base, heads its head). */
  commits: Map<string, Files>;
}

export const FIXTURES = ["support-bot", "python-rag", "shared-model-constant", "provisioned-throughput", "python-shared-settings"] as const;
// Two repositories per owner, one installation per owner: Octokit throttles writes (and GraphQL) per
// installation, so how repositories group into installations bounds throughput.
const OWNERS = ["acme-support", "globex", "initech", "umbrella-labs", "hooli"] as const;
const REPOS = 10;

/** A stable, distinct 40-hex commit id for a label. */
export function shaOf(label: string): string {
  return createHash("sha1").update(label).digest("hex");
}

export function readSide(dir: string): Files {
  const out = new Map<string, string>();
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(relative(dir, full).split("\\").join("/"), readFileSync(full, "utf8"));
    }
  };
  walk(dir);
  return out;
}

/**
 * 10 repositories under 5 owners, each repository on one sample PR fixture (each fixture in two
 * repositories), 5 PRs per repository (by default). PR j (in delivery order) gets a quick second push when j % 7 == 3
 * and a late one when j % 7 == 6.
 */
export function buildScenario(repoRoot: string, prsPerRepo = 5): Scenario {
  const sides = new Map(FIXTURES.map((name) => [name, { base: readSide(join(repoRoot, "fixtures/prs", name, "base")), head: readSide(join(repoRoot, "fixtures/prs", name, "head")) }]));
  const commits = new Map<string, Files>();
  const repos: RepoPlan[] = [];
  for (let i = 0; i < REPOS; i++) {
    const owner = OWNERS[Math.floor(i / 2)]!;
    const fixture = FIXTURES[i % FIXTURES.length]!;
    const name = fixture;
    const side = sides.get(fixture)!;
    const baseTip = shaOf(`${owner}/${name}:main`);
    commits.set(baseTip, side.base);
    const repo: RepoPlan = { owner, name, id: 700_000 + i, installationId: 1001 + Math.floor(i / 2), fixture, prs: [] };
    for (let k = 0; k < prsPerRepo; k++) {
      const number = 101 + k;
      const mergeBase = shaOf(`${owner}/${name}#${number}:merge-base`);
      const head = shaOf(`${owner}/${name}#${number}:head-1`);
      commits.set(mergeBase, side.base);
      commits.set(head, side.head);
      repo.prs.push({ owner, repo: name, number, fixture, baseTip, mergeBase, heads: [head] });
    }
    repos.push(repo);
  }
  const prs: PullRequestPlan[] = [];
  for (let k = 0; k < prsPerRepo; k++) for (const repo of repos) prs.push(repo.prs[k]!);
  for (const [j, pr] of prs.entries()) {
    const second = j % 7 === 3 ? "quick" : j % 7 === 6 ? "late" : undefined;
    if (!second) continue;
    // A new commit with the same tree, as a rebase or an empty fix-up push makes.
    const head2 = shaOf(`${pr.owner}/${pr.repo}#${pr.number}:head-2`);
    commits.set(head2, commits.get(pr.heads[0])!);
    pr.heads = [pr.heads[0], head2];
    pr.secondPush = second;
  }
  return { repos, prs, commits };
}
