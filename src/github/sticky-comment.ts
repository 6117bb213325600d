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

export type CommentWrite = "created" | "updated" | "none";

/**
 * The app's comments on a PR, oldest first, from every page. Only bot comments count: a person quoting
 * the marker must not get their comment overwritten (and the app could not edit it anyway).
 */
export async function findStickyComments(github: GitHubClient, repo: RepoRef, issueNumber: number): Promise<StickyComment[]> {
  const comments = await github.paginate(github.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  return comments
    .filter((comment) => comment.user?.type === "Bot" && (comment.body ?? "").startsWith(COMMENT_MARKER))
    .map((comment) => ({ id: comment.id, nodeId: comment.node_id, body: comment.body ?? "" }))
    .sort((a, b) => a.id - b.id);
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
): Promise<CommentWrite> {
  const markedBody = withMarker(body);
  const existing = await findStickyComments(github, repo, issueNumber);
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
  if (behavior === "update") await removeDuplicates(github, repo, issueNumber, created.id, markedBody);
  return "created";
}

/** Edits the newest existing comment only; used to retract stale numbers without starting a comment. */
export async function updateExistingComment(github: GitHubClient, repo: RepoRef, issueNumber: number, body: string): Promise<CommentWrite> {
  const newest = (await findStickyComments(github, repo, issueNumber)).at(-1);
  if (!newest) return "none";
  await updateComment(github, repo, newest.id, withMarker(body));
  return "updated";
}

// Two runs can both find no comment and both create one. Each then keeps the oldest and deletes the
// rest; the run whose comment survives needs no further write, the other moves its body onto the survivor.
async function removeDuplicates(github: GitHubClient, repo: RepoRef, issueNumber: number, createdId: number, body: string) {
  const [keep, ...extra] = await findStickyComments(github, repo, issueNumber);
  if (!keep || extra.length === 0) return;
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
