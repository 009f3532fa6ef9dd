// Four projects, run one after the other (groupOrder) so timing-sensitive files, browser and
// multi-process tests never compete with the parallel unit files for this 2-core machine:
//   serial  the unit files whose tests depend on timing (below), one at a time
//   unit    domain, HTTP, realtime: each file starts its own server on a temp SQLite file; two files
//           at a time, as each spends much of its time waiting on its server's I/O
//   scale   real server processes (the bundle `npm run build` makes) on the machine's PostgreSQL and
//           Redis, and nginx
//   e2e     Debian's Chromium driven by playwright-core
// `npx vitest run --project unit` (or serial, scale, e2e) runs one of them.
import { defineConfig } from "vitest/config";

// Unit files that measure time, or need a race to land in a window of a few hundred milliseconds, or
// failed beside another file on a loaded machine in an earlier trial of two workers: run one at a time,
// so that the other unit files' load does not decide whether they pass.
const TIMING_SENSITIVE = [
  "tests/realtime/live-feed.test.ts", // a burst's batches counted against the time it took (one per 100 ms)
  "tests/http/history-worker.test.ts", // asks just after the background build starts, 2 s after start-up
  "tests/http/edit-transactions.test.ts", // a rollback after 150 ms or 1.2 s against the 1 s turn wait
  "tests/http/import.test.ts", // spreadsheets parsed and written: CPU-heavy, failed beside another file
  "tests/faults/reconnect-storm.test.ts", // health answers within 3 s during the storm
  "tests/faults/import-memory.test.ts", // the server's memory while importing; health within 500 ms
  "tests/http/import-apply-loop.test.ts", // the longest turn of the loop during a 20,000-row apply, under 1 s
];

export default defineConfig({
  test: {
    pool: "forks",
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // expect.poll waits for what a page or a server does next (a save's answer, a list that loads,
    // a live update). Vitest's own default of 1 s is a deadline nobody promised users, and a busy
    // 2-core machine missed it now and then. Where a deadline IS the promise (the wall and the
    // dashboard show a change within a second), the test gives its own timeout and says so.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: "serial",
          include: TIMING_SENSITIVE,
          fileParallelism: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/e2e/**", "tests/scale/**", "**/node_modules/**", ...TIMING_SENSITIVE],
          maxWorkers: 2,
          // Each worker runs its files one after another in one process (as e2e does): a fresh process per
          // file spent a second or two of CPU loading the server's modules again, about half the project's
          // CPU. Each file still starts its own server on its own database; no test changes process-wide
          // state (no mocks, no environment variables, no fake timers).
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "scale",
          include: ["tests/scale/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // One process for all the browser files, one after the other: a fresh one per file spent
          // seconds loading the server's modules again (and warming them up) before every file, and
          // launching Chromium. Each file still starts its own server on its own database, and opens
          // browser contexts of its own (tests/e2e/support/browser.ts).
          isolate: false,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
