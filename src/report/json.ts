import type { Report } from "../model/report.js";

/** The JSON contract (docs/json-report.md): the report model as is, versioned by `schemaVersion`. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + "\n";
}
