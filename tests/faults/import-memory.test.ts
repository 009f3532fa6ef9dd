// A small .xlsx that unpacks to one enormous cell (150 MB of text in one inline string, ~150 KB
// on the wire) must not let a few uploads blow up the server's memory: each is refused fast, before
// exceljs builds the string, and only one dry run per account runs at a time (a second gets 429).
// The server runs as a real process so the test can read its resident memory (/proc/<pid>/status): the
// built bundle, as `npm start` runs it, so the memory is a deployment's and not tsx's with the source.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../contract/errors.ts";
import { IMPORT_LIMITS } from "../../contract/import-limits.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { workbookOf, XLSX_TYPE, zipOf } from "../support/spreadsheets.ts";
import { startBuiltServer, stop, type ServerProcess } from "../scale/support/processes.ts";

const HUGE = 150 * 1024 * 1024;
const MB = 1024 * 1024;

/** A well-formed workbook whose only sheet holds one inline string of `bytes` letters. */
function hostileXlsx(bytes: number): Buffer {
  const head = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Mã số thuế</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>',
  );
  const tail = Buffer.from("</t></is></c></row></sheetData></worksheet>");
  const sheet = Buffer.concat([head, Buffer.alloc(bytes, "A"), tail]);
  const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${s}`);
  return zipOf([
    {
      name: "[Content_Types].xml",
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          "</Types>",
      ),
    },
    {
      name: "_rels/.rels",
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
          "</Relationships>",
      ),
    },
    {
      name: "xl/workbook.xml",
      data: xml(
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
          '<sheets><sheet name="Doanh nghiệp" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
          "</Relationships>",
      ),
    },
    { name: "xl/worksheets/sheet1.xml", data: sheet },
  ]);
}

/** POST a file for a dry run on a connection of its own: a pooled keep-alive connection may be
 *  closed by the server just as it is reused, while the first dry run keeps the server busy. */
function upload(cookie: string, body: Buffer, type: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}/api/import/dry-run`,
      { method: "POST", agent: false, headers: { cookie, "content-type": type, "content-length": body.length } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

let server: ServerProcess;
let dir: string;
let file: Buffer;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-import-memory-"));
  server = await startBuiltServer({
    DATA_DIR: dir,
    SEED_ENTERPRISES: "50",
    LOG_LEVEL: "silent",
    WRITE_RATE_LIMIT: "100000",
  });
  file = hostileXlsx(HUGE);
}, 120_000);
afterAll(async () => {
  await stop(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("an .xlsx that unpacks to one 150 MB cell", () => {
  it("is small on the wire and within the unzip budget, so only the cell caps can stop it", () => {
    expect(file.length).toBeLessThan(400 * 1024);
    expect(HUGE + 4096).toBeLessThan(IMPORT_LIMITS.maxUnzippedBytes);
  });

  it("four at once from one account: each refused fast, and resident memory stays within +300 MB", async () => {
    const cookie = await login(server.url, "editor.ap01", DEMO_PASSWORD);
    // Warm up the import path once with a harmless file so the baseline includes exceljs' own code.
    await fetch(`${server.url}/api/import/dry-run`, {
      method: "POST",
      headers: { cookie, "content-type": "text/csv" },
      body: "Mã số thuế;Sáng kiến\r\n",
    });
    const before = rssOf(server.child.pid!);
    let peak = before;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssOf(server.child.pid!));
      } catch {
        // the process is gone: the assertions below say so
      }
    }, 20);
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const res = await upload(cookie, file, XLSX_TYPE);
        return { status: res.status, body: ApiError.parse(res.body), ms: Date.now() - started };
      }),
    );
    clearInterval(sampler);
    peak = Math.max(peak, rssOf(server.child.pid!));
    const grown = (peak - before) / MB;
    console.log(
      `RSS before ${(before / MB).toFixed(0)} MB, peak +${grown.toFixed(0)} MB; answers ${answers.map((a) => `${a.status} in ${a.ms} ms`).join(", ")}`,
    );
    for (const a of answers) {
      expect([400, 409, 429]).toContain(a.status);
      expect(a.ms).toBeLessThan(5_000);
    }
    // The one that ran says what is wrong with the file; the others that it is busy.
    expect(answers.some((a) => a.status === 400 && a.body.error.fields?.file)).toBe(true);
    expect(grown).toBeLessThan(300);
    // And the server still answers at once.
    const t = Date.now();
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(Date.now() - t).toBeLessThan(500);
  }, 120_000);

  it("a second dry run while one of the same account is running gets 429 with a clear code", async () => {
    const cookie = await login(server.url, "editor.ap01", DEMO_PASSWORD);
    // A long but honest workbook (10,000 rows) keeps the first dry run busy for a while; reading an
    // .xlsx waits on unzipping and parsing streams, so other requests are served meanwhile.
    const long = await workbookOf([
      ["Mã số thuế", "Tên doanh nghiệp", "Sáng kiến"],
      ...Array.from({ length: 10_000 }, (_, i) => [String(1_000_000_000 + i), `Công ty số ${i}`, i % 7]),
    ]);
    const send = (body: Buffer, type: string) => upload(cookie, body, type);
    let settled = false;
    const first = send(long, XLSX_TYPE).finally(() => (settled = true));
    // Until the long one is done, try the small hostile file: while the long one runs it must get 429.
    let busy: { status: number; body: unknown } | null = null;
    while (!settled && !busy) {
      await new Promise((r) => setTimeout(r, 100));
      const r = await send(file, XLSX_TYPE);
      if (r.status === 429) busy = r;
      else expect(r.status).toBe(400);
    }
    expect(busy, "no 429 while the first dry run ran").not.toBeNull();
    const error = ApiError.parse(busy!.body).error;
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.fields?.file).toMatch(/another dry run/);
    expect(error.fieldCodes?.file).toEqual({ code: "busy" });
    expect((await first).status).toBe(200);
    // Once it is done, the account may run the next one.
    expect((await send(file, XLSX_TYPE)).status).toBe(400);
  }, 120_000);
});
