// A real federation installs UnionPulse on an empty production database: nothing is set up, the
// first administrator is made on the server with `npm run user:create` (password piped, never
// echoed), then the province and its units come from a units sheet (dry run, then apply).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { District, UnitsDryRun } from "../../contract/units.ts";
import { login } from "../support/accounts.ts";
import { errorOf, startTestServer, type Reply, type TestServer } from "../support/server.ts";
import { ROOT } from "../scale/support/processes.ts";
import { bufferOf } from "../support/spreadsheets.ts";
import ExcelJS from "exceljs";

const PASSWORD = "a-long-admin-secret-42";
let dir: string;
let server: TestServer;
let cookie: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-firstrun-"));
  server = await startTestServer({ env: { NODE_ENV: "production", DATA_DIR: dir } });
}, 120_000);
afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm run user:create` as an operator would, the password on standard input. */
function userCreate(args: string[], stdin: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/user-create.ts", ...args], {
      cwd: ROOT,
      env: { ...withoutDatabaseUrl(process.env), DATA_DIR: dir, LOG_LEVEL: "silent" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? -1, out }));
    child.stdin.end(stdin);
  });
}

const withoutDatabaseUrl = (env: NodeJS.ProcessEnv) => {
  const { DATABASE_URL: _url, ...rest } = env;
  return rest;
};

const as = (pathname: string, init: RequestInit & { json?: unknown } = {}): Promise<Reply> =>
  server.api(pathname, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });

describe("first run of a real installation", () => {
  it("creates the first administrator from a piped password, without echoing it", async () => {
    const r = await userCreate(["--username", "boss", "--role", "ADMIN", "--name", "Chủ tịch"], `${PASSWORD}\n`);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/created ADMIN boss/);
    expect(r.out).not.toContain(PASSWORD);
    cookie = await login(server.url, "boss", PASSWORD);
  }, 60_000);

  it("says plainly that nothing is set up: no province, no units, and a clear 422 for an enterprise", async () => {
    expect((await as("/api/province")).body).toBeNull();
    expect((await as("/api/districts")).body).toEqual([]);
    const stats = await as("/api/stats");
    expect(stats.status).toBe(200);
    const r = await as("/api/enterprises", {
      method: "POST",
      json: {
        taxCode: "0312345678",
        name: "Công ty Thử",
        districtId: 1,
        sector: "C",
        ownership: "DOMESTIC",
        headcount: 10,
        unionMembers: 0,
        hasUnion: false,
        hasParty: false,
        hasYouthUnion: false,
        hasWomenUnion: false,
        hasVeterans: false,
      },
    });
    expect(r.status).toBe(422);
    expect(errorOf(r)).toMatchObject({ code: "NOT_SET_UP", fields: { districtId: "no unit is set up yet" } });
    const unit = await as("/api/districts", { method: "POST", json: { code: "X1", name: "Xã Một", kind: "COMMUNE" } });
    expect(unit.status).toBe(422);
    expect(errorOf(unit).fieldCodes).toEqual({ province: { code: "not_set_up" } });
  });

  it("sets the province, then its units from a sheet: a dry run with errors applies nothing, a clean one applies all", async () => {
    const p = await as("/api/province", { method: "PUT", json: { code: "TN", name: "Tỉnh Tây Nguyên" } });
    expect(p.status).toBe(200);
    expect((await as("/api/province")).body).toMatchObject({ code: "TN", name: "Tỉnh Tây Nguyên" });

    const template = await as("/api/districts/template.xlsx");
    expect(template.status).toBe(200);

    const csv = (rows: string[][]) =>
      Buffer.from(["Mã đơn vị,Tên đơn vị,Loại", ...rows.map((r) => r.join(","))].join("\n"), "utf8");
    const dry = (body: Buffer) => as("/api/districts/import/dry-run", { method: "POST", body: new Uint8Array(body) });
    const bad = UnitsDryRun.parse(
      (
        await dry(
          csv([
            ["P01", "Phường Một", "Phường"],
            ["P01", "Phường Trùng", "WARD"],
            ["X02", "", "Xã"],
            ["X03", "Xã Ba", "Tỉnh"],
          ]),
        )
      ).body,
    );
    expect(bad.summary).toEqual({ create: 1, update: 0, unchanged: 0, error: 3 });
    expect(bad.rows.map((r) => [r.row, r.errors.map((e) => [e.column, e.code])])).toEqual([
      [2, []],
      [3, [["Mã đơn vị", "duplicate_in_file"]]],
      [4, [["Tên đơn vị", "required"]]],
      [5, [["Loại", "unknown_kind"]]],
    ]);
    const refused = await as(`/api/districts/import/${bad.importId}/apply`, { method: "POST" });
    expect(refused.status).toBe(409);
    expect(errorOf(refused).fieldCodes!.file).toEqual({ code: "sheet_has_errors", params: { n: 3 } });
    expect((await as("/api/districts")).body).toEqual([]);

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Đơn vị");
    sheet.addRows([
      ["Mã đơn vị", "Tên đơn vị", "Loại"],
      ["P01", "Phường Một", "Phường"],
      ["X02", "Xã Hai", "COMMUNE"],
      ["KCN", "Công đoàn các KCN", "Khu công nghiệp"],
    ]);
    const good = UnitsDryRun.parse((await dry(await bufferOf(book))).body);
    expect(good.summary).toEqual({ create: 3, update: 0, unchanged: 0, error: 0 });
    const applied = await as(`/api/districts/import/${good.importId}/apply`, { method: "POST" });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toEqual({ created: 3, updated: 0 });
    const units = z.array(District).parse((await as("/api/districts")).body);
    expect(units.map((u) => [u.code, u.kind])).toEqual([
      ["KCN", "INDUSTRIAL_PARK"],
      ["P01", "WARD"],
      ["X02", "COMMUNE"],
    ]);
    // Applied once only.
    expect((await as(`/api/districts/import/${good.importId}/apply`, { method: "POST" })).status).toBe(404);
  });
});
