import { ts } from "ts-morph";
import type { CallFacts } from "../../model/call-site.js";
import type { Evaluator } from "./evaluate.js";
import { getProperty, type SdkStep, type SdkValue, type Value } from "./value.js";

/** What one SDK's recogniser says about an invocation; the extractor adds location, symbol and key. */
export interface Recognised extends CallFacts {
  /** The invocation expression the site is located at. */
  node: ts.Node;
}

/** One SDK's knowledge of its Bedrock invocations. */
export interface Recogniser {
  /** Names a callee must end in (`ConverseCommand`, `create`) for the expression to be worth evaluating. */
  triggers: readonly string[];
  /**
   * Packages whose objects (clients, commands, model objects) reach Bedrock through this SDK: a module of
   * the repository that exports one carries Bedrock to its importers.
   */
  objectModules: readonly string[];
  /**
   * Looks at a `new …` or call expression whose value comes from an imported package (`value`) and says
   * whether it is a Bedrock invocation of this SDK.
   */
  recognise(value: SdkValue, evaluator: Evaluator): Recognised | undefined;
}

/** The steps from the import as words: `BedrockRuntime new converse ()`; a default import reads "default". */
export function stepWords(steps: SdkStep[]): string[] {
  return steps.map((step) => (step.kind === "get" ? step.name : step.kind === "new" ? "new" : "()"));
}

/**
 * The node of the last step (the `new` or call being recognised) and its first argument, evaluated by
 * the evaluator that made the step (its frames bind the parameters the argument may read).
 */
export function lastInvocation(value: SdkValue, evaluator: Evaluator): { node: ts.CallExpression | ts.NewExpression; input: Value | undefined } | undefined {
  const last = value.steps[value.steps.length - 1];
  if (!last || last.kind === "get" || !last.node) return undefined;
  const arg = last.node.arguments?.[0];
  const by = last.evaluator ?? evaluator;
  return { node: last.node, input: arg ? by.evaluateAnywhere(arg) : undefined };
}

/** `client.send(new X(...))`: a command's site is the send call that runs it. */
export function sendCallOf(command: ts.CallExpression | ts.NewExpression): ts.CallExpression | undefined {
  const call = command.parent;
  if (!ts.isNewExpression(command) || !ts.isCallExpression(call) || call.arguments[0] !== command) return undefined;
  return ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === "send" ? call : undefined;
}

/** A command or method name's entry in a recogniser's table (never an Object.prototype member). */
export function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * An AWS SDK v3 operation as written: `new XCommand({...})` (sent with `client.send`), or a method of the
 * aggregated client (`new BedrockRuntime().converse({...})`), looked up in the package's two tables.
 */
export function awsOperation<T>(steps: SdkStep[], commands: Record<string, T>, client: string, methods: Record<string, T>): T | undefined {
  const words = stepWords(steps);
  if (words.length === 2 && words[1] === "new") return own(commands, words[0]!);
  if (words.length === 4 && words[0] === client && words[1] === "new" && words[3] === "()") return own(methods, words[2]!);
  return undefined;
}

/**
 * The Region of the client that runs an operation, when its constructor states one:
 * `new BedrockRuntimeClient({ region: "eu-west-1" })` sending a command, or the aggregated client the
 * method is called on. Undefined when the client or its `region` is not static.
 */
export function clientRegion(value: SdkValue, invocation: ts.CallExpression | ts.NewExpression, evaluator: Evaluator): string | undefined {
  const send = sendCallOf(invocation);
  const client = send && ts.isPropertyAccessExpression(send.expression) ? evaluator.evaluateAnywhere(send.expression.expression) : value;
  if (client?.kind !== "sdk") return undefined;
  // The client's constructor: the first `new` of its steps (a command sent to it is not among them).
  const made = client.steps.find((step): step is Extract<SdkStep, { kind: "new" }> => step.kind === "new" && step.node !== undefined);
  const config = made?.node?.arguments?.[0];
  if (!config) return undefined;
  const region = getProperty((made.evaluator ?? evaluator).evaluateAnywhere(config), "region");
  return region?.kind === "string" ? region.value : undefined;
}
