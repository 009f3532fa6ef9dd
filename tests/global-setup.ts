// Once per `vitest run`: a folder for the template databases of tests/support/seeded-start.ts,
// shared by every worker (they inherit the variable) and removed at the end of the run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup(): () => void {
  if (process.env.UNIONPULSE_TEMPLATES) return () => {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-templates-"));
  process.env.UNIONPULSE_TEMPLATES = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
