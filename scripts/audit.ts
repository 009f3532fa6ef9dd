// npm run audit:prod: `npm audit --omit=dev --json` over the production dependencies; fails (exit 1)
// on any high or critical advisory. When the registry's audit endpoint cannot be reached (as on a
// machine with no access to it) it says so and exits 2: "not checked" is never reported as "clean".
import { spawnSync } from "node:child_process";

interface AuditReport {
  /** npm's shape when the endpoint itself failed (e.g. 405 from a registry mirror). */
  message?: string;
  statusCode?: number;
  error?: { code?: string; summary?: string; detail?: string };
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { name: string; severity: string; via: unknown[]; fixAvailable: unknown }>;
}

const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
let report: AuditReport;
try {
  report = JSON.parse(run.stdout || "{}") as AuditReport;
} catch {
  report = {};
}

const counts = report.metadata?.vulnerabilities;
if (!counts) {
  const why =
    report.message ??
    (report.error ? `${report.error.code ?? ""} ${report.error.summary ?? ""}`.trim() : undefined) ??
    (run.stderr || run.stdout || `npm exited with ${run.status}`).trim().split("\n").slice(-3).join(" ");
  console.error(
    `audit:prod NOT CHECKED: the registry's audit endpoint could not be reached or gave no report (${why}).`,
  );
  console.error("Run `npm run audit:prod` where the npm registry's audit endpoint is reachable.");
  process.exit(2);
}

const serious = Object.values(report.vulnerabilities ?? {}).filter(
  (v) => v.severity === "high" || v.severity === "critical",
);
console.log(
  `audit:prod: ${Object.entries(counts)
    .map(([level, n]) => `${level} ${n}`)
    .join(", ")}`,
);
for (const v of serious)
  console.log(`  ${v.severity.toUpperCase()}: ${v.name}${v.fixAvailable ? " (a fix is available)" : ""}`);
if (serious.length) {
  console.error(
    `audit:prod FAILED: ${serious.length} production dependenc${serious.length === 1 ? "y has" : "ies have"} a high or critical advisory.`,
  );
  process.exit(1);
}
console.log("audit:prod passed: no high or critical advisory in the production dependencies.");
