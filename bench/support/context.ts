// What every measurement gets from bench/run.ts: the mode, a temp directory removed at the end,
// demo databases shared between measurements, and clean-up steps to run even on Ctrl+C.
import fs from "node:fs";
import path from "node:path";
import { bulkLoadSqlite } from "../../tests/support/bulk-load.ts";
import type { Row } from "./table.ts";

export interface BenchContext {
  /** --quick: small N, a few seconds per measurement. */
  quick: boolean;
  tmpDir: string;
  /** A demo SQLite database with n enterprises, built once per run and then only read. */
  sharedSqlite(n: number): Promise<string>;
  /** A demo SQLite database with n enterprises of its own, for a server that will write to it. */
  freshSqlite(n: number): Promise<string>;
  /** Registers a clean-up step (drop a database); steps run in reverse order at the end. */
  onCleanup(step: () => Promise<void>): void;
  /** A line on stderr, so the table on stdout stays clean. */
  progress(message: string): void;
}

export interface Measurement {
  name: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

export function benchContext(quick: boolean, tmpDir: string, cleanups: (() => Promise<void>)[]): BenchContext {
  const shared = new Map<number, Promise<string>>();
  let fresh = 0;
  const started = performance.now();
  const progress = (message: string) =>
    process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
  return {
    quick,
    tmpDir,
    sharedSqlite(n) {
      let p = shared.get(n);
      if (!p) {
        progress(`bulk loading ${n.toLocaleString("en-US")} enterprises into SQLite`);
        p = bulkLoadSqlite(path.join(tmpDir, `shared-${n}.db`), n);
        shared.set(n, p);
      }
      return p;
    },
    freshSqlite(n) {
      const dir = path.join(tmpDir, `fresh-${++fresh}`);
      fs.mkdirSync(dir);
      return bulkLoadSqlite(path.join(dir, "unionpulse.db"), n);
    },
    onCleanup: (step) => {
      cleanups.push(step);
    },
    progress,
  };
}
