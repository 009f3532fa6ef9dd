// The script a history thread starts with, for both kinds of thread: the builds' (./history-worker.ts)
// and the replays' (./replay-threads.ts). From the TypeScript source the thread must register tsx
// before loading the job (history-entry.mjs); in the bundle (scripts/build-server.ts) every module is
// main.js, and the job is an entry point of its own beside it.
export const HISTORY_THREAD_ENTRY = import.meta.url.endsWith(".ts")
  ? new URL("../worker/history-entry.mjs", import.meta.url)
  : new URL("./history-job.js", import.meta.url);
