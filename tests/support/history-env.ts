// Test servers build history in their own process and only when asked (server/config.ts
// HISTORY_WORKER, HISTORY_PREBUILD): hundreds of small servers must not each start worker threads
// competing for the machine's cores. The tests of those settings (tests/http/history-worker.test.ts)
// set them on.
export const HISTORY_BUILDS_INLINE = { HISTORY_WORKER: "false", HISTORY_PREBUILD: "false" } as const;
