import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, type Tags } from "yaml";
import * as lambda from "../../src/lambda.js";

// deploy/aws/template.yaml is what users deploy: its handlers must be the entries src/lambda.ts
// exports, and the queue settings must be the ones the consumer's behaviour relies on.
const CFN_TAGS: Tags = ["Ref", "GetAtt", "Sub"].map((name) => ({ tag: `!${name}`, resolve: (value: string) => ({ [name]: value }) }));
const template = parse(readFileSync(new URL("../../deploy/aws/template.yaml", import.meta.url), "utf8"), { customTags: CFN_TAGS });
const resources = template.Resources;

describe("the SAM template of the queued Lambda deployment", () => {
  it("points each function at an entry of src/lambda.ts (as compiled to dist/src/lambda.js)", () => {
    for (const [name, entry] of [["ReceiveFunction", "receiveWebhook"], ["ReviewFunction", "reviewQueued"]] as const) {
      expect(resources[name].Properties.Handler).toBe(`dist/src/lambda.${entry}`);
      expect(typeof lambda[entry]).toBe("function");
    }
  });

  it("gives the receiver the queue to send to, and the reviewer more time than the safety margin it stops within", () => {
    expect(resources.ReceiveFunction.Properties.Environment.Variables.BEDROCK_COST_QUEUE_URL).toEqual({ Ref: "ReviewQueue" });
    expect(resources.ReceiveFunction.Properties.Timeout).toBeLessThanOrEqual(10); // GitHub waits 10 s for an answer
    expect(resources.ReviewFunction.Properties.Timeout * 1000).toBeGreaterThan(lambda.LAMBDA_SAFETY_MARGIN_MS * 10);
  });

  it("reviews from a FIFO queue one message per invocation, reporting partial failures, with a FIFO dead-letter queue", () => {
    const events = resources.ReviewFunction.Properties.Events.Deliveries;
    expect(events).toEqual({ Type: "SQS", Properties: { Queue: { GetAtt: "ReviewQueue.Arn" }, BatchSize: 1, FunctionResponseTypes: ["ReportBatchItemFailures"] } });
    const queue = resources.ReviewQueue.Properties;
    expect(queue.FifoQueue).toBe(true);
    expect(queue.QueueName.Sub).toMatch(/\.fifo$/);
    // A message becomes visible again only after the review holding it has certainly ended (AWS: 6x the timeout).
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * resources.ReviewFunction.Properties.Timeout);
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { GetAtt: "ReviewDeadLetterQueue.Arn" }, maxReceiveCount: 3 });
    expect(resources.ReviewDeadLetterQueue.Properties.FifoQueue).toBe(true);
  });

  it("configures both functions from the variables the App reads", () => {
    expect(Object.keys(template.Globals.Function.Environment.Variables).sort()).toEqual(["APP_ID", "LOG_LEVEL", "PRIVATE_KEY", "WEBHOOK_SECRET"]);
    expect(template.Parameters.PrivateKey.NoEcho).toBe(true);
    expect(template.Parameters.WebhookSecret.NoEcho).toBe(true);
  });
});
