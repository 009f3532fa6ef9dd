// A client can be generated from the API document: Redocly's recommended rules find no error and no
// warning in it (servers, an operationId and a 4xx answer on every operation, a licence).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";
import { openApiDocument } from "../../server/http/openapi.ts";

const dir = mkdtempSync(join(tmpdir(), "unionpulse-openapi-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("the OpenAPI document passes Redocly's recommended lint with no problem at all", () => {
  // The same function serves /api/openapi.json.
  const file = join(dir, "openapi.json");
  writeFileSync(file, JSON.stringify(openApiDocument()));
  const cli = resolve(import.meta.dirname, "../../node_modules/.bin/redocly");
  const run = spawnSync(cli, ["lint", file, "--format=json", "--max-problems=200"], {
    encoding: "utf8",
    // No telemetry and no update check: the lint runs offline.
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", CI: "true" },
    timeout: 90_000,
  });
  const report = JSON.parse(run.stdout.slice(run.stdout.indexOf("{"))) as {
    totals: { errors: number; warnings: number };
    problems: { ruleId: string; message: string }[];
  };
  expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  expect(run.status).toBe(0);
}, 120_000);
