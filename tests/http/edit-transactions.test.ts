// On SQLite an edit runs as one synchronous transaction on the server's own connection, beside the
// Prisma interactive transactions of imports and reorganisations on that same connection. Officers
// saving while an import applies, or while another write rolls back, lose nothing: every accepted edit
// is in the record and the log, versions and sequence numbers have no gap, and no edit is carried
// off by another write's rollback. (SQLITE_SYNC_EDITS=off runs the same through Prisma's path.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Enterprise } from "../../contract/enterprise.ts";
import { ApplyResult, DryRun } from "../../contract/import.ts";
import { connectionOf } from "../../server/db/sqlite-connection.ts";
import { enterpriseRowNow } from "../../server/db/sqlite-edit.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";
import { bufferOf, openWorkbook, recordsOf, setByHeader, XLSX_TYPE } from "../support/spreadsheets.ts";

let server: TestServer;
let importer: string;
let ap01: number;
const syncOn = process.env.SQLITE_SYNC_EDITS !== "off";

beforeAll(async () => {
  server = await startTestServer({ enterprises: 300 });
  ap01 = (await server.districts()).find((d) => d.code === "AP01")!.id;
  importer = await login(server.url, "editor.ap01", DEMO_PASSWORD);
});
afterAll(async () => {
  await server?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `rounds` edits one after another on enterprise e, each on the version the last one returned. */
async function editInTurn(e: Enterprise, rounds: number): Promise<number> {
  let version = e.version;
  let accepted = 0;
  for (let i = 1; i <= rounds; i++) {
    const r = await server.patch(e.id, { version, initiatives: e.initiatives + i });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    version = Enterprise.parse(r.body).version;
    accepted++;
  }
  return accepted;
}

/** Every sequence number from `after` + 1 to the counter is in the log exactly once. */
async function expectGaplessSeqsAfter(after: number) {
  const counter = (await server.db.counter.findUnique({ where: { name: "changeSeq" } }))!.value;
  const seqs = (
    await server.db.changeLog.findMany({
      where: { seq: { gt: after } },
      select: { seq: true },
      orderBy: { seq: "asc" },
    })
  ).map((c) => c.seq);
  expect(seqs).toEqual(Array.from({ length: counter - after }, (_, i) => after + 1 + i));
}

/** Edits per enterprise while the import applies. */
const ROUNDS = 4;
const lastSeq = async () => (await server.db.counter.findUnique({ where: { name: "changeSeq" } }))!.value;

describe("edits on the server's own SQLite connection", () => {
  it("is the path an edit takes (unless switched off), and reads a row exactly as Prisma does", async () => {
    const connection = connectionOf(server.db);
    expect(connection !== null).toBe(syncOn);
    if (!connection) return;
    const ids = (await server.enterprises()).slice(0, 25).map((e) => e.id);
    await server.patch(ids[0]!, { version: (await server.enterprise(ids[0]!)).version, hasParty: true });
    for (const id of ids)
      expect(enterpriseRowNow(connection, id)).toEqual(await server.db.enterprise.findUnique({ where: { id } }));
    expect(enterpriseRowNow(connection, 999_999)).toBeNull();
  });

  it("edits racing an import's apply: every accepted edit is saved and logged, versions and seqs have no gap", async () => {
    const res = await fetch(`${server.url}/api/import/template.xlsx`, { headers: { cookie: importer } });
    const book = await openWorkbook(await res.arrayBuffer());
    const sheet = book.getWorksheet("Doanh nghiệp")!;
    const rows = recordsOf(sheet).slice(0, 40);
    for (const r of rows) setByHeader(sheet, r.rowNumber, "Sáng kiến", Number(r.values["Sáng kiến"]) + 1);
    const dry = await server.api("/api/import/dry-run", {
      method: "POST",
      body: new Uint8Array(await bufferOf(book)),
      headers: { cookie: importer, "content-type": XLSX_TYPE },
    });
    expect(dry.status).toBe(200);
    const importId = DryRun.parse(dry.body).importId;

    const others = (await server.enterprises()).filter((e) => e.districtId !== ap01).slice(0, 8);
    const before = await lastSeq();
    const [applied, ...accepted] = await Promise.all([
      sleep(5).then(() =>
        server.api(`/api/import/${importId}/apply`, { method: "POST", headers: { cookie: importer } }),
      ),
      ...others.map((e) => editInTurn(e, ROUNDS)),
    ]);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    const result = ApplyResult.parse(applied.body);
    expect(result).toMatchObject({ updated: 40 });
    // The import's rows are one run of sequence numbers: no edit was written inside its transaction.
    const imported = await server.db.changeLog.findMany({
      where: { seq: { gte: result.fromSeq!, lte: result.toSeq! } },
      select: { source: true },
    });
    expect(imported.map((c) => c.source)).toEqual(Array(40).fill("import"));

    for (const [i, e] of others.entries()) {
      const now = await server.enterprise(e.id);
      expect(now).toMatchObject({ version: e.version + accepted[i]!, initiatives: e.initiatives + ROUNDS });
      const logged = await server.db.changeLog.findMany({
        where: { enterpriseId: e.id, seq: { gt: before } },
        orderBy: { seq: "asc" },
      });
      expect(logged.map((c) => JSON.parse(c.diff).initiatives[1])).toEqual(
        Array.from({ length: ROUNDS }, (_, n) => e.initiatives + n + 1),
      );
    }
    expect(await lastSeq()).toBe(before + 40 + others.length * ROUNDS);
    await expectGaplessSeqsAfter(before);
  });

  // 150 ms: the edits wait and then run on the connection; 1.2 s: longer than an edit waits for a
  // turn (TURN_WAIT_MS), so they queue behind it on the Prisma path.
  it.each([
    [150, 50],
    [1_200, 60],
  ])(
    "a Prisma transaction that rolls back after %i ms while edits wait for it takes none of them with it",
    async (ms, from) => {
      const [held, ...edited] = (await server.enterprises()).slice(from, from + 6);
      const before = await lastSeq();
      let saves: Promise<number>[] = [];
      const rolledBack = server.db
        .$transaction(async (tx) => {
          await tx.enterprise.update({ where: { id: held!.id }, data: { initiatives: 4242 } });
          saves = edited.map((e) => editInTurn(e, 3)); // sent while the transaction is open
          await sleep(ms);
          throw new Error("rolled back on purpose");
        })
        .catch((e: Error) => e.message);
      expect(await rolledBack).toBe("rolled back on purpose");
      expect(await Promise.all(saves)).toEqual(edited.map(() => 3));

      expect((await server.enterprise(held!.id)).initiatives).toBe(held!.initiatives);
      for (const e of edited) {
        expect(await server.enterprise(e.id)).toMatchObject({ version: e.version + 3, initiatives: e.initiatives + 3 });
        expect(await server.db.changeLog.count({ where: { enterpriseId: e.id, seq: { gt: before } } })).toBe(3);
      }
      expect(await lastSeq()).toBe(before + edited.length * 3);
      await expectGaplessSeqsAfter(before);
    },
  );

  it("a stale version is answered 409 with the current record and writes nothing", async () => {
    const e = (await server.enterprises()).at(-1)!;
    expect((await server.patch(e.id, { version: e.version, headcount: e.headcount + 1 })).status).toBe(200);
    const before = await lastSeq();
    const stale = await server.patch(e.id, { version: e.version, headcount: e.headcount + 2 });
    expect(stale.status).toBe(409);
    const current = Enterprise.parse(errorOf(stale).current);
    expect(current).toEqual(await server.enterprise(e.id));
    expect(current).toMatchObject({ version: e.version + 1, headcount: e.headcount + 1 });
    expect(await lastSeq()).toBe(before);
  });
});
