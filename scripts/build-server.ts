// Builds the server into dist/server for `npm start` and `npm run cluster`: one JavaScript bundle (with
// source maps, so `node --enable-source-maps` names the .ts files in stack traces) instead of tsx
// transpiling and resolving a few hundred TypeScript files at every start. Three entry points: the server
// (main.js), the history worker thread's job (history-job.js, started by server/services/history-worker.ts)
// and the export threads' (export-job.js, server/services/export-threads.ts);
// what they share goes into chunks beside them. `npm run dev` and the tests keep running the source, but for
// the scale tests' server processes (tests/scale/support/processes.ts), which run this bundle.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");

// Packages left to node_modules instead of bundled: native addons (better-sqlite3, argon2), Prisma's
// runtime (its query compiler is WASM loaded by the generated client; the adapters must match it,
// see docs), PostgreSQL's pg (an optional native part), and the large ones loaded only when needed
// (exceljs, docx, the Redis client and adapter). The rest (express, socket.io, zod, helmet, …) is
// bundled: loading them file by file through Node's module resolution was about a third of the
// start-up's CPU.
const EXTERNAL = [
  "better-sqlite3",
  "@node-rs/argon2",
  "@prisma/*",
  "pg",
  "pg-native",
  "exceljs",
  "docx",
  "redis",
  "@socket.io/redis-streams-adapter",
];

const started = performance.now();
// Chunks are named by their content: clear out the previous build's.
fs.rmSync(path.join(ROOT, "dist/server"), { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: {
    main: "server/main.ts",
    "history-job": "server/worker/history-job.ts",
    "export-job": "server/worker/export-job.ts",
  },
  outdir: "dist/server",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: EXTERNAL,
  sourcemap: true,
  // Bundled CommonJS packages call require() (for Node's built-in modules); an ES module has none.
  banner: {
    js: `import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);`,
  },
  logLevel: "warning",
});
console.log(`server built into dist/server in ${Math.round(performance.now() - started)} ms`);
