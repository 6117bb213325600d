import { posix } from "node:path";
import { loadExtractors, type Extractors } from "../extract/index.js";
import type { IacResult } from "../extract/iac/index.js";
import { filesToExtract, type ImpactInput } from "../impact/impact.js";
import type { CallSite } from "../model/call-site.js";
import { guardFile } from "../extract/limits.js";
import { skipsFile, type Problem } from "../model/location.js";
import type { Report } from "../model/report.js";
import type { Resource } from "../model/resource.js";
import type { ChangeSet } from "../model/source-file.js";
import type { SideProgram } from "../repository/program.js";
import { agentCallSite, applyDeploymentRegion, applyEnvBindings, bindFlows, bindGuardrails, bindInvokedAgents, bindKnowledgeBases, flowNodeSites } from "./resources.js";
import { changedPaths, openPrograms, sidesOfChangedFiles, type Sides } from "./sides.js";

export interface ExtractOptions {
  mode: Report["mode"];
  /** Both sides as wholes; without them only the changed files are read. */
  sides?: Sides | undefined;
  /** Paths whose facts are reported (the config's `paths`); other files are still read for what they define. */
  wanted?: ((path: string) => boolean) | undefined;
}

/** What one side of the change declares: call sites (agents included) and resources. */
export interface SideFacts {
  sites: CallSite[];
  resources: Resource[];
  /** Changed paths whose text this side could not analyse (not decodable, or a parse failure). */
  unseen: Map<string, string>;
}

/** The facts of both sides, ready to be priced under any usage and pricing config. */
export interface ExtractedChange {
  changeSet: ChangeSet;
  mode: Report["mode"];
  base: SideFacts;
  head: SideFacts;
  /** Every path that differs between the sides. */
  changed: ReadonlySet<string>;
  problems: Problem[];
  notes: string[];
  /** The head side's text of a file (for its suppression comments). */
  headText(path: string): string | undefined;
}

/**
 * Reads both sides and extracts every fact the change can move: the call sites of the changed files
 * and of every file whose facts depend on them (see filesToExtract), on both sides, and the IaC
 * resources of the changed IaC files. Extraction does not depend on usage or pricing, so it runs once
 * however many times the result is priced.
 */
export async function extractChange(changeSet: ChangeSet, options: ExtractOptions): Promise<ExtractedChange> {
  const extractors = await loadExtractors();
  const changed = changedPaths(changeSet);
  const programs = await openPrograms(options.sides ?? sidesOfChangedFiles(changeSet), changed, extractors);
  const problems: Problem[] = [...programs.problems];
  const wanted = options.wanted ?? (() => true);

  const iac = { base: extractIac(programs.base, extractors), head: extractIac(programs.head, extractors) };
  const changedEnv = new Set(
    [...iac.base.envBindings, ...iac.head.envBindings].filter((binding) => changed.has(binding.location.path)).map((binding) => binding.env),
  );
  const impactProblems = new Map<SideProgram, Problem[]>([[programs.base, []], [programs.head, []]]);
  const impact: ImpactInput = {
    mode: options.mode,
    changed,
    isSource: (path) => wanted(path) && extractors.callSites.some((e) => e.handles(path)),
    mayHoldCalls: (path, text) => extractors.callSites.some((e) => e.handles(path) && e.mayContainCalls(text)),
    changedEnv,
    // Evaluates the file's exports: within the same per-file limits as its extraction. A file that
    // exceeds them carries nothing further, and is listed as not analysed on its side.
    carryingExports: (path, program, mayCarry) =>
      guardFile(
        path,
        () => extractors.callSites.find((e) => e.handles(path))?.carryingExports?.(path, program, mayCarry) ?? new Set(),
        (problem) => {
          impactProblems.get(program)!.push(problem);
          return new Set();
        },
      ),
  };
  const paths = [...new Set([...filesToExtract(programs.base, impact), ...filesToExtract(programs.head, impact)])].sort();

  const side = async (which: "base" | "head", program: SideProgram, iacResult: IacResult): Promise<SideFacts> => {
    const unseen = new Map<string, string>();
    for (const file of changeSet.files) {
      const content = file[which];
      if (content?.kind === "skipped") unseen.set(which === "base" ? (file.previousPath ?? file.path) : file.path, content.reason);
    }
    // A base file that fails to parse would make its calls look added: say so rather than hide it.
    // Problems of files the change did not touch are the same on both sides: said once, for the head.
    const said = new Set<string>();
    const report = (found: Problem[]) => {
      for (const problem of found) {
        // A file refused while its exports were read is refused again when it is extracted: said once.
        const key = `${problem.path}\u0000${problem.message}`;
        if (said.has(key)) continue;
        said.add(key);
        if (skipsFile(problem) && changed.has(problem.path)) unseen.set(problem.path, problem.message);
        if (which === "head") problems.push(problem);
        else if (changed.has(problem.path)) problems.push({ ...problem, message: `base side: ${problem.message}` });
      }
    };
    report(impactProblems.get(program)!);
    const sites = await extractSites(program, paths, extractors, report);
    const resources = iacResult.resources.filter((r) => wanted(r.location.path) && (options.mode === "scan" || inChangedIacScope(r.location.path, changed)));
    report(iacResult.problems.filter((p) => options.mode === "scan" || inChangedIacScope(p.path, changed)));
    const agentSites = resources.filter((r) => r.kind === "agent").map(agentCallSite);
    const flowSites = resources.filter((r) => r.kind === "flow").flatMap(flowNodeSites);
    const declared = (kind: Resource["kind"]) => iacResult.resources.filter((r) => r.kind === kind);
    const agentsBound = bindInvokedAgents([...sites, ...flowSites], declared("agent"), agentSites);
    const bound = bindKnowledgeBases(bindFlows(bindGuardrails(agentsBound, declared("guardrail")), declared("flow")), declared("knowledge_base"));
    const deployed = applyDeploymentRegion(applyEnvBindings(bound, iacResult.envBindings), iacResult.regions);
    return { sites: deployed.filter((s) => wanted(s.location.path)), resources, unseen };
  };
  const base = await side("base", programs.base, iac.base);
  const head = await side("head", programs.head, iac.head);
  programs.base.dispose();
  programs.head.dispose();
  leaveOutHalfSeenFiles(changeSet, base, head, problems);
  return {
    changeSet,
    mode: options.mode,
    base,
    head,
    changed,
    problems,
    notes: [...changeSet.notes, ...programs.notes],
    headText: (path) => programs.head.view.text(path),
  };
}

/**
 * Call sites of the given files on one side. A file whose analysis asked for a file that was not
 * read yet (a prompt read at run time, say) is analysed once more after reading it.
 */
async function extractSites(program: SideProgram, paths: readonly string[], extractors: Extractors, report: (problems: Problem[]) => void): Promise<CallSite[]> {
  const byPath = new Map<string, { sites: CallSite[]; problems: Problem[] }>();
  const pass = (list: readonly string[]): Set<string> => {
    const asked = new Set<string>();
    for (const path of list) {
      const text = program.view.text(path);
      if (text === undefined) continue;
      const result = { sites: [] as CallSite[], problems: [] as Problem[] };
      for (const extractor of extractors.callSites) {
        if (!extractor.handles(path)) continue;
        const found = extractor.extract({ path, text }, program);
        result.sites.push(...found.sites);
        result.problems.push(...found.problems);
      }
      byPath.set(path, result);
      const requests = program.view.takeRequests();
      if (requests.length > 0) {
        asked.add(path);
        for (const request of requests) asked.add(`\u0000${request}`);
      }
    }
    return asked;
  };
  program.view.takeRequests();
  const asked = pass(paths);
  if (asked.size > 0) {
    await program.view.load([...asked].filter((entry) => entry.startsWith("\u0000")).map((entry) => entry.slice(1)));
    program.dispose(); // what was evaluated without those files is evaluated again
    pass([...asked].filter((entry) => !entry.startsWith("\u0000")));
  }
  const sites: CallSite[] = [];
  for (const result of byPath.values()) {
    sites.push(...result.sites);
    report(result.problems);
  }
  return sites;
}

/** Every IaC file of a side in one batch, so a Terraform module's files resolve each other. */
function extractIac(program: SideProgram, extractors: Extractors): IacResult {
  const files = program.view
    .paths()
    .filter((path) => extractors.iac.handles(path))
    .flatMap((path) => {
      const text = program.view.text(path);
      return text === undefined ? [] : [{ path, text }];
    });
  return files.length ? extractors.iac.extract(files) : { resources: [], problems: [], envBindings: [], regions: [] };
}

/** A resource moves with its own file, and a Terraform resource with any file of its module (variables, locals, tfvars). */
function inChangedIacScope(path: string, changed: ReadonlySet<string>): boolean {
  if (changed.has(path)) return true;
  if (!/\.tf(?:\.json)?$|\.tfvars(?:\.json)?$/.test(path)) return false;
  const folder = posix.dirname(path);
  return [...changed].some((other) => posix.dirname(other) === folder && /\.tf(?:\.json)?$|\.tfvars(?:\.json)?$/.test(other));
}

/**
 * A changed file analysed on one side only would show its calls as all added or all removed — a wrong
 * number. Its facts are left out of both sides instead, and the report says so.
 */
function leaveOutHalfSeenFiles(changeSet: ChangeSet, base: SideFacts, head: SideFacts, problems: Problem[]): void {
  for (const file of changeSet.files) {
    if (!file.base || !file.head) continue;
    const basePath = file.previousPath ?? file.path;
    const baseReason = base.unseen.get(basePath);
    const headReason = head.unseen.get(file.path);
    if ((baseReason === undefined) === (headReason === undefined)) continue;
    const seen = baseReason === undefined ? base : head;
    const seenPath = baseReason === undefined ? basePath : file.path;
    const count = seen.sites.filter((s) => s.location.path === seenPath).length + seen.resources.filter((r) => r.location.path === seenPath).length;
    seen.sites = seen.sites.filter((s) => s.location.path !== seenPath);
    seen.resources = seen.resources.filter((r) => r.location.path !== seenPath);
    if (count > 0) {
      const side = baseReason === undefined ? "head" : "base";
      problems.push({
        path: file.path,
        message: `the ${side} side could not be analysed (${baseReason ?? headReason}), so its ${count} Bedrock call site(s) and resource(s) on the other side are left out of both totals: the change to this file is unknown`,
      });
    }
  }
}
