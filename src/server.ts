import { run } from "probot";
import app from "./app.js";

// `npm start`: Probot's server, configured from APP_ID, PRIVATE_KEY / PRIVATE_KEY_PATH, WEBHOOK_SECRET,
// PORT and GHE_HOST / GHE_PROTOCOL (read from the environment or a .env file).
await run(app);
