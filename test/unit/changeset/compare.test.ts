import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareViews } from "../../../src/changeset/compare.js";
import { folderTree, gitTree } from "../../../src/changeset/tree.js";
import { SourceError, emptyTree, type SourceTree } from "../../../src/repository/source.js";
import { RepositoryView } from "../../../src/repository/view.js";

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function folder(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), "bcr-tree-"));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const options = { analysable: (path: string) => path.endsWith(".ts") };

function compareTrees(base: SourceTree, head: SourceTree) {
  return compareViews(new RepositoryView(base), new RepositoryView(head), options);
}

describe("compareViews", () => {
  it("lists added, removed, modified and renamed analysable files, and the other files that changed", async () => {
    const base = folder({
      "src/same.ts": "bedrock same",
      "src/edit.ts": "bedrock v1",
      "src/gone.ts": "bedrock gone",
      "src/moved.ts": "bedrock moved",
      "src/plain.ts": "nothing here",
      "README.md": "bedrock docs",
    });
    const head = folder({
      "src/same.ts": "bedrock same",
      "src/edit.ts": "bedrock v2",
      "src/new.ts": "bedrock new",
      "lib/moved.ts": "bedrock moved",
      "src/plain.ts": "still nothing",
      "README.md": "bedrock docs changed",
    });
    const change = await compareTrees(folderTree(base), folderTree(head));
    expect(change.files.map((f) => [f.path, f.status, f.previousPath ?? null])).toEqual([
      ["lib/moved.ts", "renamed", "src/moved.ts"],
      ["src/edit.ts", "modified", null],
      ["src/gone.ts", "removed", null],
      ["src/new.ts", "added", null],
      // No prefilter here: a file without Bedrock usage may define what a call elsewhere reads.
      ["src/plain.ts", "modified", null],
    ]);
    expect(change.otherChanges).toEqual(["README.md"]);
    const edit = change.files.find((f) => f.path === "src/edit.ts")!;
    expect(edit.base).toEqual({ kind: "text", text: "bedrock v1" });
    expect(edit.head).toEqual({ kind: "text", text: "bedrock v2" });
  });

  it("keeps a modified file whose usage was removed, with both texts", async () => {
    const change = await compareTrees(folderTree(folder({ "a.ts": "bedrock call" })), folderTree(folder({ "a.ts": "no calls" })));
    expect(change.files).toEqual([{ path: "a.ts", status: "modified", base: { kind: "text", text: "bedrock call" }, head: { kind: "text", text: "no calls" } }]);
  });

  it("skips vendored folders and reports undecodable files instead of reading them as text", async () => {
    const head = folder({
      "node_modules/pkg/index.ts": "bedrock",
      "src/latin1.ts": Buffer.from([0x62, 0x65, 0x64, 0x72, 0x6f, 0x63, 0x6b, 0x20, 0xe9]),
    });
    const change = await compareTrees(emptyTree, folderTree(head));
    expect(change.files).toEqual([{ path: "src/latin1.ts", status: "added", base: null, head: { kind: "skipped", reason: "not valid UTF-8" } }]);
    expect(change.notes).toEqual(["Not scanned: dependency and build-output folders (node_modules/)."]);
  });

  it("compares two git revisions without reading unchanged blobs", async () => {
    const repo = folder({ "src/a.ts": "bedrock one", "src/b.ts": "bedrock stays" });
    const git = (...args: string[]) => execFileSync("git", ["-C", repo, ...args], { encoding: "utf8" });
    git("init", "-q");
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", ".");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one");
    writeFileSync(join(repo, "src/a.ts"), "bedrock two");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "two");
    const base = new RepositoryView(gitTree(repo, "HEAD~1"));
    const head = new RepositoryView(gitTree(repo, "HEAD"));
    const change = await compareViews(base, head, options);
    expect(change.files).toEqual([
      { path: "src/a.ts", status: "modified", base: { kind: "text", text: "bedrock one" }, head: { kind: "text", text: "bedrock two" } },
    ]);
    expect([base.isLoaded("src/b.ts"), head.isLoaded("src/b.ts")]).toEqual([false, false]);
    expect(() => gitTree(repo, "no-such-branch")).toThrow(SourceError);
    expect(() => gitTree(repo, "no-such-branch")).toThrow(/"no-such-branch" is neither a folder nor a git revision/);
  });
});

describe("folderTree inside a git work tree", () => {
  it("leaves out what .gitignore ignores, so a working-tree diff prices what would be committed", async () => {
    const repo = folder({ ".gitignore": "scratch/\n*.local.ts\n", "src/a.ts": "bedrock a", "scratch/try.ts": "bedrock try", "src/b.local.ts": "bedrock local" });
    execFileSync("git", ["-C", repo, "init", "-q"]);
    const listing = await folderTree(repo).list();
    expect([...listing.files.keys()].filter((path) => path.endsWith(".ts"))).toEqual(["src/a.ts"]);
  });
});

describe("compareViews with a side that could not list a folder", () => {
  const tree = (files: Record<string, string>, unlisted: string[] = []): SourceTree => ({
    label: unlisted.length ? "truncated" : "whole",
    list: async () => ({ files: new Map(Object.entries(files).map(([path, text]) => [path, { id: `id-${text}` }])), vendoredFolders: [], notes: [], unlisted }),
    read: async function* (paths) {
      for (const path of paths) yield { path, content: { kind: "text", text: files[path]! } };
    },
  });

  it("a file in a folder the other side did not list is neither added nor removed: its state there is unknown", async () => {
    const whole = tree({ "pkg/client.ts": "bedrock call", "src/a.ts": "bedrock a" });
    const truncated = tree({ "src/a.ts": "bedrock a2" }, ["pkg"]);
    const forward = await compareViews(new RepositoryView(whole), new RepositoryView(truncated), options);
    expect(forward.files.map((f) => [f.path, f.status])).toEqual([["src/a.ts", "modified"]]);
    const backward = await compareViews(new RepositoryView(truncated), new RepositoryView(whole), options);
    expect(backward.files.map((f) => [f.path, f.status])).toEqual([["src/a.ts", "modified"]]);
  });
});
