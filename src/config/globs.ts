import picomatch from "picomatch";

/** The glob dialects of the config file; each compiles once into a predicate. */
export type Matcher = (value: string) => boolean;

/** Repo-relative file paths: picomatch, where * stays within a folder and ** crosses folders; dot files included. */
export function pathGlob(glob: string): Matcher {
  return picomatch(glob, { dot: true });
}

/** Symbol paths like "SupportAgent.step": * stays within one dotted segment, ** crosses segments. */
export function symbolGlob(glob: string): Matcher {
  return wildcard(glob, "[^.]*");
}

/**
 * Model ids as written ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", ARNs): * matches any run of
 * characters, since dots, colons and slashes inside an id are not a hierarchy users glob by.
 */
export function modelGlob(glob: string): Matcher {
  return wildcard(glob, ".*");
}

/** `**` -> any characters, `*` -> `star`, `?` -> one character; everything else literal. Case-sensitive. */
function wildcard(glob: string, star: string): Matcher {
  const source = glob
    .split("**")
    .map((part) =>
      part
        .split("*")
        .map((literal) => literal.split("?").map(escapeRegExp).join("."))
        .join(star),
    )
    .join(".*");
  const re = new RegExp(`^${source}$`);
  return (value) => re.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `paths.include` / `paths.ignore` as one predicate on repo-relative paths. */
export function pathFilter(paths: { include?: string[] | undefined; ignore?: string[] | undefined } | undefined): Matcher {
  const include = paths?.include?.length ? paths.include.map(pathGlob) : null;
  const ignore = (paths?.ignore ?? []).map(pathGlob);
  return (path) => (include === null || include.some((m) => m(path))) && !ignore.some((m) => m(path));
}
