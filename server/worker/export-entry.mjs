// Entry of an export thread (server/services/export-threads.ts) from the TypeScript source: as
// history-entry.mjs, it registers tsx, which a worker thread starts without, then loads the job.
import { register } from "tsx/esm/api";

register();
await import("./export-job.ts");
