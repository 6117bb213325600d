// A stand-in engine worker for EnginePool's tests: it speaks the worker protocol (src/workers/protocol.ts)
// and misbehaves as the request's configLabel says, which no real file can be relied on to do.
import { parentPort } from "node:worker_threads";

const send = (message) => parentPort.postMessage(message);
const done = (refused) => send({ kind: "done", result: { report: { refused }, outcome: { conclusion: "success", reasons: [], notes: [] } } });

parentPort.on("message", (message) => {
  if (message.kind !== "review") return;
  const refused = new Map(message.refused);
  const inFile = (path, misbehave) => {
    if (refused.has(path)) return;
    send({ kind: "progress", path });
    misbehave();
  };
  switch (message.request.configLabel) {
    case "hangs in a file":
      inFile("src/hang.ts", () => { for (;;); });
      return done([...refused]);
    case "exhausts memory in a file":
      inFile("src/huge.ts", () => {
        const hoard = [];
        for (;;) hoard.push(new Array(100_000).fill(hoard.length));
      });
      return done([...refused]);
    case "hangs in every file":
      for (let i = 0; ; i++) inFile(`src/f${i}.ts`, () => { for (;;); });
    case "hangs outside any file":
      for (;;);
    case "exits":
      process.exit(3);
    case "exhausts memory outside any file": {
      const hoard = [];
      for (;;) hoard.push(new Array(100_000).fill(hoard.length));
    }
    default:
      return done([]);
  }
});
