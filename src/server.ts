import { run } from "probot";
import app from "./app.js";
import { throttledOctokit } from "./github/octokit.js";

// `npm start`: Probot's server, configured from APP_ID, PRIVATE_KEY / PRIVATE_KEY_PATH, WEBHOOK_SECRET,
// PORT and GHE_HOST / GHE_PROTOCOL (read from the environment or a .env file). Without APP_ID it starts
// Probot's setup mode, as before. Rate limits are waited out only briefly (see throttledOctokit), so a
// check run never stays in progress behind a long wait.
await run(app, { Octokit: throttledOctokit() });
