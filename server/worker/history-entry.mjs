// Entry of the history worker thread (server/services/history-worker.ts): the server runs TypeScript
// through tsx, and a worker thread starts without its loader (in `npm start` and inside vitest
// alike), so it registers tsx here and then loads the job.
import { register } from "tsx/esm/api";

register();
await import("./history-job.ts");
