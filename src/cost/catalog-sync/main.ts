import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { validateCatalogData } from "../catalog.js";
import { PACKAGE, sourceModelIds, sourcePricesFor } from "./genai-prices.js";
import { planCatalogUpdate, reportMarkdown, type CatalogFiles } from "./update.js";

/**
 * `npm run catalog:update [-- --published YYYY-MM-DD] [--check]`: checks the catalog's token prices
 * against the installed release of the price package, writes what changed into the provider files and
 * the review report `src/cost/catalog/UPDATE.md`. Run it after `npm install -D -E @pydantic/genai-prices@<new>`;
 * review and commit the diff like code. `--check` writes nothing and exits 1 when the files would change.
 */

const CATALOG_DIR = "src/cost/catalog";
const NOT_PROVIDERS = new Set(["rules.json", "provisioned.json", "standing.json"]);

function main(): number {
  const { values } = parseArgs({ options: { published: { type: "string" }, check: { type: "boolean", default: false } } });
  const version = installedVersion();
  const published = values.published ?? publishedDate(version);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(published)) throw new Error(`--published ${published}: expected YYYY-MM-DD`);

  const read = (name: string) => JSON.parse(readFileSync(join(CATALOG_DIR, name), "utf8")) as unknown;
  const providerNames = readdirSync(CATALOG_DIR).filter((name) => name.endsWith(".json") && !NOT_PROVIDERS.has(name)).sort();
  const files = { providers: Object.fromEntries(providerNames.map((name) => [name, read(name)])), rules: read("rules.json") } as CatalogFiles;
  validateCatalogData({ providers: Object.values(files.providers), rules: files.rules });

  const at = new Date(`${published}T00:00:00Z`);
  const plan = planCatalogUpdate(files, {
    name: "GP",
    packageName: PACKAGE,
    version,
    published,
    pricesFor: (id) => sourcePricesFor(id, at),
    modelIds: sourceModelIds,
  });
  // The result must load like the built-in catalog before anything is written.
  validateCatalogData({ providers: Object.values(plan.files.providers), rules: plan.files.rules });
  const report = reportMarkdown(plan.report, new Date().toISOString().slice(0, 10));
  process.stdout.write(report);
  if (values.check) return plan.changedFiles.length > 0 ? 1 : 0;
  for (const name of plan.changedFiles) {
    const data = name === "rules.json" ? plan.files.rules : plan.files.providers[name];
    writeFileSync(join(CATALOG_DIR, name), JSON.stringify(data, null, 2) + "\n");
  }
  writeFileSync(join(CATALOG_DIR, "UPDATE.md"), report);
  process.stderr.write(`\nwrote ${[...plan.changedFiles, "UPDATE.md"].join(", ")} in ${CATALOG_DIR}\n`);
  return 0;
}

function installedVersion(): string {
  const entry = createRequire(import.meta.url).resolve(PACKAGE);
  let dir = dirname(entry);
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version: string };
      if (pkg.name === PACKAGE) return pkg.version;
    } catch {
      // not the package folder yet
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${PACKAGE}'s package.json`);
    dir = parent;
  }
}

/** The release's date from the npm registry; offline, pass --published. */
function publishedDate(version: string): string {
  try {
    const times = JSON.parse(execFileSync("npm", ["view", PACKAGE, "time", "--json"], { encoding: "utf8" })) as Record<string, string>;
    const iso = times[version];
    if (iso) return iso.slice(0, 10);
  } catch {
    // offline, or not a registry answer: said below
  }
  throw new Error(`cannot ask the npm registry when ${PACKAGE}@${version} was published: pass --published YYYY-MM-DD`);
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`catalog:update: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
