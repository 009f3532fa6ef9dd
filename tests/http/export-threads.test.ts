// The CSV and xlsx downloads are made in export threads with their own database connections
// (server/services/export-threads.ts), on SQLite and PostgreSQL: the file a thread makes is the one
// this process makes, byte for byte (the xlsx's inside, but for the time it was made), directly and
// over HTTP; a download given up stops its thread's work at once, so the next export on the one
// thread does not wait for the first to end, and nothing is left behind; a write made while an
// export is under way is answered at once; and threads that cannot start, or die, leave the exports
// in this process, said once in the log.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkLoadSqlite } from "../support/bulk-load.ts";
import { ExportQuery } from "../../contract/export.ts";
import type { Actor } from "../../server/domain/rights.ts";
import type { Logger } from "../../server/log.ts";
import { DownloadCancelled, exportService } from "../../server/services/export.ts";
import { workerExports, type ThreadedExports } from "../../server/services/export-threads.ts";
import { createTestDatabase, type TestDatabase } from "../scale/support/postgres.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { zipEntries } from "../support/zip-entries.ts";

const ANALYST: Actor = { kind: "user", userId: 1, name: "Analyst", role: "ANALYST", districtIds: [] };
const QUERY = "nonState=true&size=25-99,100-499&sort=-headcount";
const { sort: SORT, ...FILTER } = ExportQuery.parse(Object.fromEntries(new URLSearchParams(QUERY)));

/** An error log kept, to see what the exports say. */
function errorLog(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { info: () => {}, debug: () => {}, error: (msg: string) => void errors.push(msg), errors };
}

/** A reader taking every byte at once. */
function reader() {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

/** A reader that takes the first chunk and then no more, as a person whose download has stalled. */
function stalledReader() {
  let firstChunk = () => {};
  const started = new Promise<void>((resolve) => (firstChunk = resolve));
  const out = new Writable({ highWaterMark: 1, write: () => firstChunk() });
  return { out, started };
}

type Format = "csv" | "xlsx";
/** A file's content as a person opening it sees it: the CSV's bytes; the xlsx's files unzipped, the
 *  time it was made left out (exceljs stamps it, so two runs of the same export differ in it). */
function content(format: Format, bytes: Buffer) {
  if (format === "csv") return bytes;
  return zipEntries(bytes).map(([name, data]) => [
    name,
    name === "docProps/core.xml"
      ? data.toString("utf8").replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, "$1")
      : data,
  ]);
}

/** The export made in this process, as the server made it before export threads. */
async function madeHere(server: TestServer, format: Format, filter = FILTER, sort = SORT) {
  const { out, bytes } = reader();
  await exportService(server.db)[format](ANALYST, filter, sort, out);
  return content(format, bytes());
}

async function madeBy(exports: ThreadedExports, format: Format, filter = FILTER, sort = SORT) {
  const { out, bytes } = reader();
  await exports[format](ANALYST, filter, sort, out);
  return content(format, bytes());
}

/** Export threads on the server's database for `use`, with their error log; closed after. */
async function withThreads(
  server: TestServer,
  opts: { threads?: number; entry?: URL },
  use: (exports: ThreadedExports, log: ReturnType<typeof errorLog>) => Promise<void>,
) {
  const log = errorLog();
  const exports = workerExports(server.db, { url: server.app.databaseUrl, log, ...opts });
  try {
    await use(exports, log);
  } finally {
    await exports.close();
  }
}

async function download(server: TestServer, cookie: string, format: Format, query = QUERY) {
  const res = await fetch(`${server.url}/api/export/enterprises.${format}?${query}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

for (const engine of ["sqlite", "postgres"] as const)
  describe(`exports in threads on ${engine}`, () => {
    let server: TestServer;
    let database: TestDatabase | undefined;
    let analyst: string;

    beforeAll(async () => {
      if (engine === "postgres") database = await createTestDatabase();
      server = await startTestServer({
        enterprises: 160,
        env: { EXPORT_THREADS: "1", ...(database ? { DATABASE_URL: database.url } : {}) },
      });
      analyst = await server.cookieOf("Analyst", { role: "ANALYST" });
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await database?.drop();
    });

    it("makes in a thread the very file this process makes, CSV and xlsx, filtered and sorted", async () => {
      await withThreads(server, { threads: 1 }, async (threads, log) => {
        for (const format of ["csv", "xlsx"] as const) {
          const here = await madeHere(server, format);
          expect(await madeBy(threads, format), format).toEqual(here);
        }
        expect(log.errors, "the thread made them, no fallback").toEqual([]);
      });
      const csv = (await madeHere(server, "csv")) as Buffer;
      expect(csv.toString().split("\r\n").length, "the selection is not empty").toBeGreaterThan(20);
    });

    it("serves over HTTP the file this process makes", async () => {
      for (const format of ["csv", "xlsx"] as const)
        expect(content(format, await download(server, analyst, format)), format).toEqual(
          await madeHere(server, format),
        );
    });

    it("makes them here when the thread cannot start, and says so once", async () => {
      await withThreads(
        server,
        { entry: new URL("./no-such-export-entry.mjs", import.meta.url) },
        async (broken, log) => {
          for (const format of ["csv", "xlsx", "csv"] as const)
            expect(await madeBy(broken, format), format).toEqual(await madeHere(server, format));
          expect(log.errors).toHaveLength(1);
          expect(log.errors[0]).toMatch(/exports run in this process/);
        },
      );
    });

    it("makes them here when the thread dies, the export it had included, and says so once", async () => {
      const dying = new URL("../fixtures/dying-export-thread.mjs", import.meta.url);
      await withThreads(server, { entry: dying }, async (broken, log) => {
        for (const format of ["xlsx", "csv", "xlsx"] as const)
          expect(await madeBy(broken, format), format).toEqual(await madeHere(server, format));
        expect(log.errors).toHaveLength(1);
        expect(log.errors[0]).toMatch(/exports run in this process/);
      });
    });
  });

describe("exports in threads on a province of 20,000 enterprises", () => {
  let server: TestServer;
  let analyst: string;
  let dir: string;
  const ONE_DISTRICT = "district=3&sort=taxCode";

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-exports-"));
    const url = await bulkLoadSqlite(path.join(dir, "big.db"), 20_000);
    server = await startTestServer({ env: { DATABASE_URL: url, EXPORT_THREADS: "1" } });
    analyst = await server.cookieOf("Analyst", { role: "ANALYST" });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stops a thread's export when its reader goes: the next export on the one thread does not wait", async () => {
    await withThreads(server, { threads: 1 }, async (one, log) => {
      const ports = () => process.getActiveResourcesInfo().filter((r) => r === "MessagePort").length;
      const portsBefore = ports();
      for (const format of ["csv", "xlsx"] as const) {
        // The whole province, read by someone who stops after the first chunk: the thread is held
        // back (its export would never end), until the reader goes.
        const stalled = stalledReader();
        const first = one[format](ANALYST, {}, "name", stalled.out);
        await stalled.started;
        const next = madeBy(one, "csv", { district: [3] }, "taxCode");
        const soon = new Promise((r) => setTimeout(() => r("still waiting"), 500));
        expect(await Promise.race([next.then(() => "made"), soon]), "queued behind the stalled one").toBe(
          "still waiting",
        );
        // Held back by the reader: a few chunks in flight, not the file (CSV 4.9 MB, xlsx 2.2 MB).
        expect(stalled.out.writableLength, "bytes sent ahead of the reader").toBeLessThan(1_200_000);
        stalled.out.destroy();
        await expect(first).rejects.toBeInstanceOf(DownloadCancelled);
        expect(await next).toEqual(await madeHere(server, "csv", { district: [3] }, "taxCode"));
      }
      expect(log.errors).toEqual([]);
      expect(ports(), "no channel left open").toBe(portsBefore);
    });
  }, 60_000);

  it("a download given up over HTTP frees the server's one export thread for the next", async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/export/enterprises.xlsx?sort=name`, {
      headers: { cookie: analyst },
      signal: controller.signal,
    });
    const body = res.body!.getReader();
    expect((await body.read()).value!.byteLength).toBeGreaterThan(0);
    controller.abort();
    const csv = await download(server, analyst, "csv", ONE_DISTRICT);
    expect(csv).toEqual(await madeHere(server, "csv", { district: [3] }, "taxCode"));
  }, 60_000);

  it("answers a write at once while an export of the province is under way, and the export then ends whole", async () => {
    const res = await fetch(`${server.url}/api/export/enterprises.csv?sort=name`, { headers: { cookie: analyst } });
    const body = res.body!.getReader();
    const newlines = (chunk: Uint8Array) => chunk.filter((b) => b === 0x0a).length;
    const first = (await body.read()).value!;
    let [bytes, lines] = [first.byteLength, newlines(first)];
    const someone = await server.enterprise(5);
    const started = performance.now();
    const written = await server.patch(someone.id, { version: someone.version, headcount: someone.headcount + 5 });
    expect(written.status, JSON.stringify(written.body)).toBe(200);
    expect(performance.now() - started, "the write did not wait for the export").toBeLessThan(2_000);
    for (let chunk = await body.read(); !chunk.done; chunk = await body.read()) {
      bytes += chunk.value.byteLength;
      lines += newlines(chunk.value);
    }
    expect(bytes).toBeGreaterThan(1_000_000);
    expect(lines, "the header and every enterprise").toBe(20_001);
  }, 60_000);
});
