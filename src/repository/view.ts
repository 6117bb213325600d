import type { FileContent } from "../model/source-file.js";
import { decodedContent } from "./decode.js";
import type { ListedFile, Listing, SourceTree } from "./source.js";

/** How much one review may read, over both sides together. */
export interface ReadBudget {
  files: number;
  bytes: number;
}

/** The CLI reads local files: a limit only against runaway trees. */
export const CLI_READ_BUDGET: ReadBudget = { files: 200_000, bytes: 2 * 1024 ** 3 };

/**
 * What both sides of one review share: the read budget, and contents by blob id, so a file identical on
 * base and head (most of them) is read once.
 */
export class ReadSession {
  private filesRead = 0;
  private bytesRead = 0;
  readonly byId = new Map<string, FileContent>();
  /** Paths left unread because the budget ran out, per side label. */
  readonly cutOff = new Map<string, string[]>();

  constructor(readonly budget: ReadBudget = CLI_READ_BUDGET) {}

  /** Takes room for one more file, or says there is none. */
  admit(): boolean {
    if (this.filesRead >= this.budget.files || this.bytesRead >= this.budget.bytes) return false;
    this.filesRead++;
    return true;
  }

  charge(content: FileContent): void {
    if (content.kind === "text") this.bytesRead += content.text.length;
  }

  get used(): ReadBudget {
    return { files: this.filesRead, bytes: this.bytesRead };
  }
}

/**
 * One side of a change as the engine reads it: which files exist, and the contents of those loaded so
 * far. Loading is asynchronous and batched; reading a loaded file is synchronous, so extractors stay
 * pure functions of what was loaded. A read of a file that exists but is not loaded yet is remembered,
 * so the engine can load it and look again (prompt files read by code, say).
 */
export class RepositoryView {
  private listing: Listing | undefined;
  private readonly contents = new Map<string, FileContent>();
  private readonly requested = new Set<string>();

  constructor(
    private readonly tree: SourceTree,
    readonly session: ReadSession = new ReadSession(),
  ) {}

  /** A view of files already in memory, opened and loaded (tests; sides given as texts). */
  static inMemory(files: Readonly<Record<string, string | FileContent>>, label = "memory"): RepositoryView {
    const view = new RepositoryView({ label, list: async () => ({ files: new Map(), vendoredFolders: [], notes: [] }), read: async function* () {} });
    view.listing = { files: new Map(Object.keys(files).map((path) => [path, { id: null }])), vendoredFolders: [], notes: [] };
    for (const [path, value] of Object.entries(files)) view.contents.set(path, typeof value === "string" ? { kind: "text", text: value } : value);
    return view;
  }

  get label(): string {
    return this.tree.label;
  }

  async open(): Promise<this> {
    this.listing ??= await this.tree.list();
    return this;
  }

  private get files(): Map<string, ListedFile> {
    if (!this.listing) throw new Error(`repository view of ${this.label} used before open()`);
    return this.listing.files;
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** The content id of a file: from the listing, or from reading it; null while unknown. */
  idOf(path: string): string | null {
    return this.files.get(path)?.id ?? null;
  }

  get vendoredFolders(): string[] {
    return this.listing?.vendoredFolders ?? [];
  }

  get notes(): string[] {
    return this.listing?.notes ?? [];
  }

  /** Folders the source could not list (a truncated GitHub tree past its request allowance). */
  get unlisted(): string[] {
    return this.listing?.unlisted ?? [];
  }

  isLoaded(path: string): boolean {
    return this.contents.has(path);
  }

  /** Reads every listed path given that is not loaded yet, within the session's budget; paths it has no room for are recorded as cut off. */
  async load(paths: Iterable<string>): Promise<void> {
    const wanted: string[] = [];
    for (const path of paths) {
      const listed = this.files.get(path);
      if (!listed || this.contents.has(path)) continue;
      const cached = listed.id === null ? undefined : this.session.byId.get(listed.id);
      if (cached) this.contents.set(path, cached);
      else if (this.session.admit()) wanted.push(path);
      else this.cutOff(path);
    }
    if (wanted.length === 0) return;
    for await (const file of this.tree.read(wanted)) {
      const listed = this.files.get(file.path);
      if (!listed) continue;
      const content = decodedContent(file.content);
      this.session.charge(content);
      if (file.id !== undefined && listed.id === null) listed.id = file.id;
      if (listed.id !== null) this.session.byId.set(listed.id, content);
      this.contents.set(file.path, content);
    }
  }

  private cutOff(path: string): void {
    const list = this.session.cutOff.get(this.label) ?? [];
    list.push(path);
    this.session.cutOff.set(this.label, list);
  }

  /** The content of a loaded file; undefined when not listed or not loaded. */
  content(path: string): FileContent | undefined {
    return this.contents.get(path);
  }

  /**
   * The text of a file for an extractor. A listed file that is not loaded yet answers undefined and is
   * remembered (see `takeRequests`); a file that cannot be read as text answers undefined too.
   */
  text(path: string): string | undefined {
    const content = this.contents.get(path);
    if (content === undefined) {
      if (this.files.has(path)) this.requested.add(path);
      return undefined;
    }
    return content.kind === "text" ? content.text : undefined;
  }

  /** Listed files asked for by `text` since the last call that were not loaded. */
  takeRequests(): string[] {
    const out = [...this.requested].filter((path) => !this.contents.has(path));
    this.requested.clear();
    return out;
  }
}
