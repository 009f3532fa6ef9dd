// An import's dry run runs in a thread of its own with its own database connection (server/services/
// dry-run-threads.ts), on SQLite and PostgreSQL: a process with the thread answers every file (CSV,
// xlsx, rows in error, a mapping) and every bad file exactly as a process without it; what the thread
// checked is applied by this process or by another; while a dry run of 20,000 rows runs, this
// process's event loop stays free (health answers at once) and the one-dry-run-per-account guard
// holds; a dry run whose asker has gone is dropped from the queue; a thread that cannot start, or
// dies, leaves the dry runs in this process, said once in the log.
import fs from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DryRun } from "../../contract/import.ts";
import type { Enterprise } from "../../contract/enterprise.ts";
import type { Actor } from "../../server/domain/rights.ts";
import type { Logger } from "../../server/log.ts";
import { columnMappingsOf } from "../../server/db/column-mappings.ts";
import { checkMapping } from "../../server/domain/import-mapping.ts";
import { inProcessDryRuns, workerDryRuns, type DryRuns } from "../../server/services/dry-run-threads.ts";
import { RequestGone } from "../../server/http/request-gone.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { createTestDatabase, type TestDatabase } from "../scale/support/postgres.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import {
  bufferOf,
  csvOf,
  openWorkbook,
  recordsOf,
  setByHeader,
  sheetHeaders,
  sheetRow,
  XLSX_TYPE,
} from "../support/spreadsheets.ts";

const WORKER_ON = { HISTORY_WORKER: "true", HISTORY_PREBUILD: "false" };
const BIG_ROWS = 20_000;

/** An error log kept, to see what the dry runs say. */
function errorLog(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { info: () => {}, debug: () => {}, error: (msg: string) => void errors.push(msg), errors };
}

/** What two dry runs of one file must share: all but the plan's own id and expiry. */
const comparable = (body: unknown) => {
  const { importId: _id, expiresAt: _at, ...rest } = DryRun.parse(body);
  return rest;
};

/** A file of `n` rows of tax codes nobody has: each a new enterprise without its required fields. */
const bigCsv = (n = BIG_ROWS) =>
  csvOf([
    ["Mã số thuế", "Sáng kiến", "Ghi chú"],
    ...Array.from({ length: n }, (_, i) => [String(9_100_000_000 + i), "3", "x"]),
  ]);

const decoded = (json: Uint8Array) => JSON.parse(new TextDecoder().decode(json)) as unknown;

for (const engine of ["sqlite", "postgres"] as const)
  describe(`import dry runs in their own thread on ${engine}`, () => {
    let database: TestDatabase | undefined;
    /** With the dry run thread, and without it (every dry run in its process), on one database. */
    let threaded: TestServer;
    let plain: TestServer;
    let editor: string;
    let own: Enterprise[];

    const upload = (on: TestServer, file: Buffer, opts: { type?: string; mapping?: object; cookie?: string } = {}) =>
      on.api(
        `/api/import/dry-run${opts.mapping ? `?mapping=${encodeURIComponent(JSON.stringify(opts.mapping))}` : ""}`,
        {
          method: "POST",
          body: new Uint8Array(file),
          headers: { cookie: opts.cookie ?? editor, "content-type": opts.type ?? "application/octet-stream" },
        },
      );
    const apply = (on: TestServer, importId: string) =>
      on.api(`/api/import/${importId}/apply`, { method: "POST", headers: { cookie: editor } });

    /** The editor's template with a few numbers changed and one left wrong. */
    async function editedTemplate(): Promise<Buffer> {
      const res = await fetch(`${threaded.url}/api/import/template.xlsx`, { headers: { cookie: editor } });
      const book = await openWorkbook(await res.arrayBuffer());
      const sheet = book.getWorksheet("Doanh nghiệp")!;
      const rows = recordsOf(sheet);
      setByHeader(sheet, rows[0]!.rowNumber, "Sáng kiến", 41);
      setByHeader(sheet, rows[1]!.rowNumber, "Số lao động", 777);
      setByHeader(sheet, rows[2]!.rowNumber, "Số lao động", -5);
      return bufferOf(book);
    }

    beforeAll(async () => {
      if (engine === "postgres") database = await createTestDatabase();
      threaded = await startTestServer({
        enterprises: 300,
        env: { ...WORKER_ON, ...(database ? { DATABASE_URL: database.url } : {}) },
      });
      plain = await startTestServer({ env: { DATABASE_URL: threaded.app.databaseUrl } });
      editor = await login(threaded.url, "editor.ap01", DEMO_PASSWORD);
      const mine = (await threaded.districts()).find((d) => d.code === "AP01")!.id;
      own = await threaded.enterprises(`district=${mine}`);
    }, 120_000);
    afterAll(async () => {
      await plain?.close();
      await threaded?.close();
      await database?.drop();
    });

    it("answers through the thread exactly what a process without it answers: CSV and xlsx, rows in error, a mapping", async () => {
      const [a, b] = own;
      const files: { file: Buffer; type?: string; mapping?: object }[] = [
        { file: await editedTemplate(), type: XLSX_TYPE },
        {
          file: csvOf([
            ["Mã số thuế", "Sáng kiến", "Ghi chú"],
            [a!.taxCode, String(a!.initiatives + 1), "tăng"],
            [b!.taxCode, "mười", "sai số"],
            ["0000000001", "2", "mới, thiếu tên"],
          ]),
          type: "text/csv",
          mapping: { "Ghi chú": "ignore" },
        },
        {
          file: csvOf([
            sheetHeaders("Mã đơn vị"),
            sheetRow({
              taxCode: "0312345678",
              name: "Công ty Luồng Riêng",
              unit: "AP01",
              sector: "C",
              ownership: "PRIVATE",
              headcount: 40,
              unionMembers: 12,
            }),
          ]),
        },
      ];
      let inError = 0;
      for (const { file, type, mapping } of files) {
        const there = await upload(threaded, file, { type, mapping });
        const here = await upload(plain, file, { type, mapping });
        expect(there.status, JSON.stringify(there.body).slice(0, 500)).toBe(200);
        expect(here.status, JSON.stringify(here.body).slice(0, 500)).toBe(200);
        expect(comparable(there.body)).toEqual(comparable(here.body));
        inError += DryRun.parse(there.body).summary.error;
      }
      expect(inError, "some rows were in error").toBeGreaterThan(1);

      const res = await fetch(`${threaded.url}/api/import/dry-run`, {
        method: "POST",
        body: new Uint8Array(files[1]!.file),
        headers: { cookie: editor, "content-type": "text/csv" },
      });
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      await res.arrayBuffer();
    });

    it("applies what the thread checked, on this process and on another", async () => {
      const [a, b] = own.slice(3);
      const dry = async (e: Enterprise, initiatives: number) => {
        const r = await upload(
          threaded,
          csvOf([
            ["Mã số thuế", "Sáng kiến"],
            [e.taxCode, String(initiatives)],
          ]),
          {
            type: "text/csv",
          },
        );
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        const plan = DryRun.parse(r.body);
        expect(plan).toMatchObject({ applicable: true, summary: { update: 1 } });
        return plan.importId;
      };
      const onOther = await dry(a!, a!.initiatives + 5);
      expect((await apply(plain, onOther)).body).toMatchObject({ updated: 1, created: 0 });
      expect((await apply(threaded, onOther)).status).toBe(404); // applied already, whichever process is asked
      const here = await dry(b!, b!.initiatives + 6);
      expect((await apply(threaded, here)).body).toMatchObject({ updated: 1, created: 0 });

      const now = new Map((await threaded.enterprises()).map((e) => [e.id, e]));
      expect(now.get(a!.id)!.initiatives).toBe(a!.initiatives + 5);
      expect(now.get(b!.id)!.initiatives).toBe(b!.initiatives + 6);
    });

    it("refuses a bad file or mapping with the same 4xx JSON naming the reason", async () => {
      const bad: { file: Buffer; mapping?: object; status: number; field: string }[] = [
        { file: Buffer.alloc(0), status: 400, field: "file" },
        { file: Buffer.from([0xff, 0xfe, 0x41, 0x00]), status: 415, field: "file" },
        { file: Buffer.from([0x4d, 0xe3, 0x20, 0x73, 0xf4]), status: 415, field: "file" },
        { file: Buffer.from("\uFEFFTên;Ghi chú\r\nA;B\r\n"), status: 400, field: "file" },
        { file: csvOf([["Mã số thuế", "Sáng kiến"]]), status: 400, field: "file" },
        {
          file: csvOf([
            ["Mã số thuế", "Sáng kiến", "SK khác"],
            [own[0]!.taxCode, "1", "2"],
          ]),
          mapping: { "SK khác": "initiatives" },
          status: 400,
          field: "mapping.SK khác",
        },
        { file: bigCsv(50_001), status: 400, field: "file" },
      ];
      for (const { file, mapping, status, field } of bad) {
        const there = await upload(threaded, file, { mapping });
        const here = await upload(plain, file, { mapping });
        expect(there.status, JSON.stringify(there.body)).toBe(status);
        expect(there.body).toEqual(here.body);
        expect(Object.keys((there.body as { error: { fields: object } }).error.fields)).toEqual([field]);
      }
    });

    it("keeps this process's loop free while a dry run of 20,000 rows runs, one per account still", async () => {
      const big = bigCsv();
      const asked = performance.now();
      const busyBefore = performance.eventLoopUtilization();
      let answered = 0;
      // Timed to its answer's headers: the answer is made by then, and its reading here is not the server's.
      const running = fetch(`${threaded.url}/api/import/dry-run`, {
        method: "POST",
        body: new Uint8Array(big),
        headers: { cookie: editor, "content-type": "text/csv" },
      }).then((res) => {
        answered = performance.now();
        return res;
      });
      // The same account again while its dry run runs: refused at once.
      await new Promise((r) => setTimeout(r, 300));
      const again = await upload(threaded, big, { type: "text/csv" });
      const health: number[] = [];
      while (!answered) {
        const t = performance.now();
        expect((await threaded.api("/api/health", { auth: false })).status).toBe(200);
        health.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
      const busy = performance.eventLoopUtilization(busyBefore).utilization;
      const res = await running;
      expect(res.status).toBe(200);
      expect(DryRun.parse(await res.json()).summary.error).toBe(BIG_ROWS);
      expect(again.status, JSON.stringify(again.body)).toBe(429);
      const took = answered - asked;
      expect(took, "the dry run took long enough to tell").toBeGreaterThan(500);
      expect(health.length).toBeGreaterThan(3);
      // Generous bounds: in this process (sliced) the same dry run keeps the loop busy 99 % of the time.
      expect(
        Math.max(...health),
        `health while the dry run ran (${Math.round(took)} ms): ${health.map(Math.round).join(", ")}`,
      ).toBeLessThan(took / 2);
      expect(busy, "share of the time this process's loop was busy").toBeLessThan(0.7);
    }, 120_000);
  });

describe("the dry run thread's queue and its fallback", () => {
  let server: TestServer;
  let admin: Actor;
  let other: Actor;

  const actorOf = async (displayName: string): Promise<Actor> => {
    const u = (await server.db.user.findFirst({ where: { displayName } }))!;
    return { kind: "user", userId: u.id, name: u.displayName, role: "ADMIN", districtIds: [], organisation: null };
  };
  const withThread = async (
    entry: URL | undefined,
    use: (dryRuns: DryRuns, log: ReturnType<typeof errorLog>) => Promise<void>,
  ) => {
    const log = errorLog();
    const dryRuns = workerDryRuns(server.db, { url: server.app.databaseUrl, log, ...(entry ? { entry } : {}) });
    try {
      await use(dryRuns, log);
    } finally {
      await dryRuns.close();
    }
  };

  beforeAll(async () => {
    server = await startTestServer({ enterprises: 120 });
    await server.cookieOf("Quản trị A");
    await server.cookieOf("Quản trị B");
    admin = await actorOf("Quản trị A");
    other = await actorOf("Quản trị B");
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const file = () =>
    csvOf([
      ["Mã số thuế", "Sáng kiến", "Ghi chú"],
      ["0000000002", "x", "y"],
    ]);
  const { mapping } = checkMapping({ "Ghi chú": "ignore" });
  const comparableJson = (json: Uint8Array) => comparable(decoded(json));

  it("drops a dry run whose asker has gone while it waited behind another", async () => {
    await withThread(undefined, async (dryRuns, log) => {
      const first = dryRuns.run(admin, bigCsv(), new Map());
      const gone = new AbortController();
      const second = dryRuns.run(other, file(), mapping, gone.signal);
      gone.abort(new RequestGone());
      await expect(second).rejects.toBeInstanceOf(RequestGone);
      expect(DryRun.parse(decoded(await first)).summary.error).toBe(BIG_ROWS);
      // Never run: nothing kept for its apply, its mapping not remembered.
      expect(await server.db.pendingImport.count({ where: { userId: other.userId } })).toBe(0);
      expect((await columnMappingsOf(server.db, other.userId)).size).toBe(0);
      expect(log.errors).toEqual([]);
    });
  }, 60_000);

  it.runIf(fs.existsSync("/proc/self/task"))(
    "runs the dry run's thread a little below this process's priority, never above (Linux)",
    async () => {
      /** The niceness of each thread of this process (field 19 of its stat, after the name in parentheses). */
      const niceness = () =>
        fs.readdirSync("/proc/self/task").map((tid) => {
          const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
          return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
        });
      const main = os.getPriority();
      const before = new Set(niceness());
      await withThread(undefined, async (dryRuns) => {
        await dryRuns.run(admin, file(), mapping);
        const now = niceness();
        expect(Math.min(...now), "no thread above the main thread").toBe(main);
        if (main + 5 <= 19 && !before.has(main + 5)) expect(now).toContain(main + 5);
      });
    },
  );

  it("answers 503 for the dry run its thread dies in (the file went with it), then runs them in this process", async () => {
    const here = comparableJson(await inProcessDryRuns(server.db).run(admin, file(), mapping));
    await withThread(new URL("../fixtures/dry-run-thread-dies.mjs", import.meta.url), async (dryRuns, log) => {
      expect(decoded(await dryRuns.run(admin, file(), mapping))).toEqual({}); // what that thread answers first
      await expect(dryRuns.run(admin, file(), mapping)).rejects.toMatchObject({ code: "UNAVAILABLE" });
      expect(comparableJson(await dryRuns.run(admin, file(), mapping))).toEqual(here);
      expect(log.errors).toHaveLength(1);
    });
  });

  it("runs the dry runs in this process when the thread cannot start, said once in the log", async () => {
    const here = comparableJson(await inProcessDryRuns(server.db).run(admin, file(), mapping));
    await withThread(new URL("./no-such-entry.mjs", import.meta.url), async (dryRuns, log) => {
      expect(comparableJson(await dryRuns.run(admin, file(), mapping))).toEqual(here);
      expect(comparableJson(await dryRuns.run(admin, file(), mapping))).toEqual(here);
      await expect(dryRuns.run(admin, Buffer.alloc(0), mapping)).rejects.toMatchObject({ code: "VALIDATION" });
      expect(log.errors).toHaveLength(1);
      expect(log.errors[0]).toMatch(/dry runs run in this process from now on/);
    });
  });
});
