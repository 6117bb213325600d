import type { GitHubClient, RepoRef } from "./client.js";

/** Hidden first line that identifies the app's comment among all of a PR's comments. */
export const COMMENT_MARKER = "<!-- bedrock-cost-review -->";

/** GitHub rejects issue comment bodies longer than this. */
export const COMMENT_MAX_CHARS = 65_536;

export type CommentBehavior = "update" | "new" | "hide-and-new" | "delete-and-new" | "off";

export interface StickyComment {
  id: number;
  nodeId: string;
  body: string;
}

/** "superseded": the PR head moved before the write, so nothing was written (a newer run owns the comment). */
export type CommentWrite = "created" | "updated" | "none" | "superseded";

export interface CommentOptions {
  /** This app's id: a marked comment counts only when GitHub says this app wrote it. */
  appId?: number | null;
  /** Asked right before the first write; false means the PR moved on and nothing must be written. */
  stillCurrent?: () => Promise<boolean>;
}

/**
 * The app's comments on a PR, oldest first, from every page, carrying the marker. When GitHub says which
 * app wrote a comment (`performed_via_github_app`), it must be this one: another app copying the marker
 * must not have its comment taken over (the app could not edit it anyway). Only when GitHub omits it does
 * any bot comment with the marker count; a person quoting the marker never does.
 */
export async function findStickyComments(github: GitHubClient, repo: RepoRef, issueNumber: number, appId: number | null = null): Promise<StickyComment[]> {
  const comments = await github.paginate(github.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  return comments
    .filter((comment) => (comment.body ?? "").startsWith(COMMENT_MARKER) && isOurs(comment, appId))
    .map((comment) => ({ id: comment.id, nodeId: comment.node_id, body: comment.body ?? "" }))
    .sort((a, b) => a.id - b.id);
}

function isOurs(comment: { user?: { type?: string } | null; performed_via_github_app?: { id?: number } | null }, appId: number | null): boolean {
  const via = comment.performed_via_github_app?.id;
  if (via !== undefined && appId !== null) return via === appId;
  return comment.user?.type === "Bot";
}

/** Prefixes the marker so the comment is found again; the body must already fit the size budget. */
export function withMarker(body: string): string {
  return `${COMMENT_MARKER}\n${body}`;
}

/**
 * Writes the comment as `behavior` asks. `update` edits the newest existing comment, or creates one and
 * then removes any duplicate a concurrent run created at the same moment, so exactly one remains.
 */
export async function publishComment(
  github: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  body: string,
  behavior: Exclude<CommentBehavior, "off">,
  options: CommentOptions = {},
): Promise<CommentWrite> {
  const markedBody = withMarker(body);
  const appId = options.appId ?? null;
  const existing = await findStickyComments(github, repo, issueNumber, appId);
  if (options.stillCurrent && !(await options.stillCurrent())) return "superseded";
  const newest = existing.at(-1);
  if (behavior === "update" && newest) {
    await updateComment(github, repo, newest.id, markedBody);
    return "updated";
  }
  if (behavior === "hide-and-new" && newest) await hideComment(github, newest.nodeId);
  if (behavior === "delete-and-new") {
    for (const comment of existing) await deleteComment(github, repo, comment.id);
  }
  const { data: created } = await github.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: markedBody });
  if (behavior === "update") await removeDuplicates(github, repo, issueNumber, created.id, markedBody, appId);
  return "created";
}

/** Edits the newest existing comment only; used to retract stale numbers without starting a comment. */
export async function updateExistingComment(
  github: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  body: string,
  options: CommentOptions = {},
): Promise<CommentWrite> {
  const newest = (await findStickyComments(github, repo, issueNumber, options.appId ?? null)).at(-1);
  if (!newest) return "none";
  if (options.stillCurrent && !(await options.stillCurrent())) return "superseded";
  await updateComment(github, repo, newest.id, withMarker(body));
  return "updated";
}

// Two runs can both find no comment and both create one. Each then keeps the oldest and deletes the
// rest. When the survivor is not the comment this run created (a concurrent run's, which that run may
// already have deleted as its own duplicate), this run's body goes onto it: otherwise the PR could be
// left showing the other run's figures, or none of this run's at all.
async function removeDuplicates(github: GitHubClient, repo: RepoRef, issueNumber: number, createdId: number, body: string, appId: number | null) {
  const [keep, ...extra] = await findStickyComments(github, repo, issueNumber, appId);
  if (!keep) return;
  for (const comment of extra) await deleteComment(github, repo, comment.id);
  if (keep.id !== createdId) await updateComment(github, repo, keep.id, body);
}

async function updateComment(github: GitHubClient, repo: RepoRef, commentId: number, body: string) {
  await github.rest.issues.updateComment({ ...repo, comment_id: commentId, body });
}

// The concurrent run may delete the same duplicate first; gone is what both want.
async function deleteComment(github: GitHubClient, repo: RepoRef, commentId: number) {
  try {
    await github.rest.issues.deleteComment({ ...repo, comment_id: commentId });
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
}

async function hideComment(github: GitHubClient, nodeId: string) {
  await github.graphql(
    `mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }`,
    { id: nodeId },
  );
}
