// A name pasted from a tool that writes decomposed accents (NFD: "ô" as o + U+0302) looks the same
// as one typed here (NFC) but differs in bytes. Names are stored NFC, and search, sort and the
// import treat the two spellings as the same name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DryRun } from "../../contract/import.ts";
import { Enterprise } from "../../contract/enterprise.ts";
import { sortKeyOf } from "../../server/domain/sort-name.ts";
import { csvOf } from "../support/spreadsheets.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const NFC = "Công ty Cổ phần Đầu tư Thương mại Ấn Độ Phước Hưng";
const NFD = NFC.normalize("NFD");

let server: TestServer;
let created: Enterprise;
beforeAll(async () => {
  server = await startTestServer({ enterprises: 40 });
  expect(NFD).not.toBe(NFC);
  const [d] = await server.districts();
  const r = await server.api("/api/enterprises", {
    method: "POST",
    json: {
      taxCode: "0812345670",
      name: NFD,
      districtId: d!.id,
      sector: "C",
      ownership: "DOMESTIC",
      headcount: 120,
      unionMembers: 80,
      hasUnion: true,
      hasParty: false,
      hasYouthUnion: true,
      hasWomenUnion: false,
      hasVeterans: false,
    },
  });
  expect(r.status).toBe(201);
  created = Enterprise.parse(r.body);
});
afterAll(async () => {
  await server?.close();
});

const dryRun = async (rows: string[][]) => {
  const r = await server.api("/api/import/dry-run", {
    method: "POST",
    body: new Uint8Array(csvOf(rows)),
    headers: { "content-type": "text/csv" },
  });
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
  return DryRun.parse(r.body);
};

describe("a name sent with decomposed accents", () => {
  it("is stored and answered in NFC", async () => {
    expect(created.name).toBe(NFC);
    expect((await server.enterprise(created.id)).name).toBe(NFC);
    const row = await server.db.enterprise.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.name).toBe(NFC);
    expect(row.sortName).toBe(sortKeyOf(NFC));
  });

  it("is found by an NFC and an NFD query alike", async () => {
    for (const q of ["Ấn Độ Phước", "Ấn Độ Phước".normalize("NFD"), "an do phuoc"]) {
      const found = await server.enterprises(`q=${encodeURIComponent(q)}`);
      expect(
        found.map((e) => e.id),
        q,
      ).toEqual([created.id]);
    }
  });

  it("sorts where its NFC twin would", async () => {
    const byName = (await server.enterprises("sort=name")).map((e) => e.name);
    const sorted = [...byName].sort((a, b) => (sortKeyOf(a) < sortKeyOf(b) ? -1 : sortKeyOf(a) > sortKeyOf(b) ? 1 : 0));
    expect(byName.indexOf(NFC)).toBe(sorted.indexOf(NFC));
  });

  it("a PATCH with the NFD spelling of the stored name changes nothing", async () => {
    const r = await server.patch(created.id, { version: created.version, name: NFD });
    expect(r.status).toBe(200);
    expect(Enterprise.parse(r.body).version).toBe(created.version);
  });

  it("an import row with the NFD name matches the enterprise as unchanged", async () => {
    const dry = await dryRun([
      ["Mã số thuế", "Tên doanh nghiệp", "Số lao động"],
      [created.taxCode, NFD, "120"],
    ]);
    expect(dry.rows[0]).toMatchObject({ action: "unchanged", changes: {} });
  });

  it("a name stored NFD before this release matches an NFC import row as unchanged", async () => {
    const [, other] = await server.enterprises("sort=name");
    const decomposed = `${other!.name} Ấn`.normalize("NFD");
    await server.db.enterprise.update({ where: { id: other!.id }, data: { name: decomposed } });
    const dry = await dryRun([
      ["Mã số thuế", "Tên doanh nghiệp"],
      [other!.taxCode, decomposed.normalize("NFC")],
    ]);
    expect(dry.rows[0]).toMatchObject({ action: "unchanged", changes: {} });
  });
});
