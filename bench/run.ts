// `npm run bench`: measures UnionPulse on this machine and prints each figure beside its
// reference from the same run. `-- --quick` for a smoke run; `-- --only fanout,writes` to pick.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { aggregates } from "./aggregates.ts";
import { analysts } from "./analysts.ts";
import { edit } from "./edit.ts";
import { editPostgres } from "./edit-postgres.ts";
import { exportsBench } from "./exports.ts";
import { fanout } from "./fanout.ts";
import { history } from "./history.ts";
import { completeness } from "./completeness.ts";
import { importRows } from "./import.ts";
import { importRowsBench } from "./import-rows.ts";
import { memory } from "./memory.ts";
import { nginxFanout } from "./nginx-fanout.ts";
import { startup } from "./startup.ts";
import { wallMemory } from "./wall-memory.ts";
import { writes } from "./writes.ts";
import { benchContext, type Measurement } from "./support/context.ts";
import { machine } from "./support/machine.ts";
import { formatTable, type Row } from "./support/table.ts";

const ALL: Measurement[] = [
  edit,
  editPostgres,
  fanout,
  nginxFanout,
  writes,
  aggregates,
  startup,
  history,
  analysts,
  exportsBench,
  completeness,
  importRows,
  importRowsBench,
  memory,
  wallMemory,
];

function parseArgs(argv: string[]) {
  let quick = false;
  let only: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--quick") quick = true;
    else if (a === "--only")
      only = (argv[++i] ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    else if (a.startsWith("--only="))
      only = a
        .slice("--only=".length)
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    else if (a === "--help" || a === "-h") {
      console.log(`npm run bench [-- --quick] [-- --only ${ALL.map((m) => m.name).join(",")}]`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  const unknown = only?.filter((n) => !ALL.some((m) => m.name === n)) ?? [];
  if (unknown.length)
    throw new Error(`unknown measurement(s) ${unknown.join(", ")}: choose from ${ALL.map((m) => m.name).join(", ")}`);
  return { quick, selected: only ? ALL.filter((m) => only.includes(m.name)) : ALL };
}

let parsed: ReturnType<typeof parseArgs>;
try {
  parsed = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const { quick, selected } = parsed;
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-bench-"));
const cleanups: (() => Promise<void>)[] = [];
let cleaned = false;
async function cleanUp() {
  if (cleaned) return;
  cleaned = true;
  for (const step of cleanups.reverse()) await step().catch((e: unknown) => console.error("clean-up failed:", e));
  fs.rmSync(tmpDir, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

const ctx = benchContext(quick, tmpDir, cleanups);
const rows: Row[] = [];
const started = new Date();
try {
  for (const m of selected) {
    try {
      rows.push(...(await m.run(ctx)));
    } catch (e) {
      console.error(`${m.name} failed:`, e);
      rows.push({
        measure: `${m.name}: failed (${(e as Error).message.split("\n")[0]})`,
        figure: "",
        reference: "",
        ratio: "",
        target: "",
        verdict: "MISS",
      });
    }
  }
} finally {
  await cleanUp();
}

console.log(
  `UnionPulse bench${quick ? " (--quick: small N, not the figures of record)" : ""}, ${started.toISOString()}, ${Math.round((Date.now() - started.getTime()) / 1000)} s`,
);
console.log(machine());
console.log();
console.log(formatTable(rows));
const missed = rows.filter((r) => r.verdict === "MISS").length;
console.log(
  `\n${rows.filter((r) => r.verdict === "PASS").length} PASS, ${missed} MISS (a MISS is reported, not an error: the bench exits 0)`,
);
process.exit(0);
