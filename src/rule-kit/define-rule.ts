import type { z } from "zod";
import type { CallerLink } from "../model/call-site.js";
import type { SourceLocation } from "../model/location.js";
import type { PricedResourceFact, PricedSite, Reprice } from "../model/priced-site.js";
import type { Level } from "../model/report.js";

/**
 * Message templates: `{{name}}` inserts a value as is, `{{name:usd}}` as money per month,
 * `{{name:int}}` as a grouped integer. Rules pass raw numbers; the engine words them.
 */
export interface RuleMessages {
  /** What is wrong, one line. */
  message: string;
  /** Why it costs money, with the dollars. */
  why: string;
  /** What to do. */
  fix: string;
}

export interface RuleMeta<Options> {
  /** Kebab-case, equal to the folder name under rules/; never changes once published. */
  id: string;
  title: string;
  description: string;
  defaultLevel: Level | "off";
  /** Options a repo may set under `rules.<id>` (besides `level`); `z.strictObject({})` when none. Parses to `Options`. */
  options: z.ZodObject;
  messages: RuleMessages;
}

export interface ReportDescriptor {
  /** The call site or resource the finding is about (a site priced per caller path names its callers). */
  at: { location: SourceLocation; key: string; callers?: readonly CallerLink[] | undefined };
  data: Record<string, string | number>;
  /** Dollars a month the fix saves; null when it cannot be computed. */
  monthlySavings: number | null;
  suggestion?: { line: number; find: string; replace: string };
}

export interface RuleContext<Options> {
  options: Options;
  /** Head-side call sites the change touches (all sites in a scan), priced. */
  sites: readonly PricedSite[];
  /** Head-side IaC resources the change touches (all in a scan), priced. */
  resources: readonly PricedResourceFact[];
  reprice: Reprice;
  report(descriptor: ReportDescriptor): void;
}

export interface RuleModule<Options = Record<string, never>> {
  meta: RuleMeta<Options>;
  create(context: RuleContext<Options>): void;
}

/** Identity with type inference, in the manner of ESLint's `createRule`. */
export function defineRule<Options>(rule: RuleModule<Options>): RuleModule<Options> {
  return rule;
}
