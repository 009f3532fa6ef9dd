// Three projects, run one after the other (groupOrder) so timing-sensitive browser and
// multi-process tests never compete with the parallel unit files for this 2-core machine:
//   unit   domain, HTTP, realtime: each file starts its own server on a temp SQLite file
//   scale  real server processes (the bundle `npm run build` makes) on the machine's PostgreSQL and
//          Redis, and nginx
//   e2e    Debian's Chromium driven by playwright-core
// `npx vitest run --project unit` (or scale, e2e) runs one of them.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    pool: "forks",
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/e2e/**", "tests/scale/**", "**/node_modules/**"],
          sequence: { groupOrder: 0 },
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
          sequence: { groupOrder: 1 },
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
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
