// The coordination view on a dataset the test makes and counts itself: a new ward with enterprises of
// known flags, organisations founded inside and outside a period (by fact date), a state enterprise
// left out by default. Each organisation's "exists", target list (a union but not it) and "founded"
// match a count over those rows; the target link lists exactly them; the CSV says the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Coordination, COORDINATED, type Coordinated } from "../../contract/coordination.ts";
import { EnterpriseList, type Enterprise } from "../../contract/enterprise.ts";
import { ORGANISATION_FIELD } from "../../contract/codes.ts";
import { TEST_PASSWORD, login } from "../support/accounts.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let admin: string;
let partner: string;
let ward: number;
const rows: Enterprise[] = [];

type Flags = {
  hasUnion: boolean;
  hasParty: boolean;
  hasYouthUnion: boolean;
  hasWomenUnion: boolean;
  hasVeterans: boolean;
};
const flags = (s: string): Flags => ({
  hasUnion: s[0] === "1",
  hasParty: s[1] === "1",
  hasYouthUnion: s[2] === "1",
  hasWomenUnion: s[3] === "1",
  hasVeterans: s[4] === "1",
});
/** Union, Party, Youth, Women, Veterans as 0/1; the last is a state enterprise. */
const SPECS: [string, "DOMESTIC" | "FDI" | "STATE"][] = [
  ["10000", "DOMESTIC"],
  ["11000", "FDI"],
  ["10100", "DOMESTIC"],
  ["10010", "DOMESTIC"],
  ["11111", "FDI"],
  ["00000", "DOMESTIC"],
  ["01010", "DOMESTIC"],
  ["10000", "FDI"],
  ["10000", "STATE"],
];
const PERIOD = { from: "2026-03-01", to: "2026-03-31" };

beforeAll(async () => {
  server = await startTestServer({ enterprises: 40 });
  admin = await server.adminCookie();
  const unit = await server.api("/api/districts", {
    method: "POST",
    headers: { cookie: admin },
    json: { code: "PHOIHOP", name: "Phường Phối Hợp", kind: "WARD", validFrom: "2025-07-01" },
  });
  expect(unit.status, JSON.stringify(unit.body)).toBe(201);
  ward = (unit.body as { id: number }).id;
  for (const [i, [f, ownership]] of SPECS.entries()) {
    const r = await server.api("/api/enterprises", {
      method: "POST",
      headers: { cookie: admin },
      json: {
        taxCode: `03${String(87654320 + i)}`,
        name: `Công ty Phối Hợp ${i + 1}`,
        districtId: ward,
        sector: "C",
        ownership,
        headcount: 40,
        unionMembers: f[0] === "1" ? 20 : 0,
        ...flags(f),
        factDate: "2026-01-05",
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    rows.push(r.body as Enterprise);
  }
  const created = await server.api("/api/users", {
    method: "POST",
    headers: { cookie: admin },
    json: {
      username: "doan.tn",
      displayName: "Tỉnh Đoàn",
      password: TEST_PASSWORD,
      role: "PARTNER",
      organisation: "YOUTH",
    },
  });
  expect(created.status).toBe(201);
  partner = await login(server.url, "doan.tn", TEST_PASSWORD);
});
afterAll(async () => {
  await server?.close();
});

/** Ticks a flag with a fact date, as the given account; keeps `rows` current. */
async function tick(i: number, field: keyof Flags, factDate: string, cookie = admin) {
  const e = rows[i]!;
  const r = await server.api(`/api/enterprises/${e.id}`, {
    method: "PATCH",
    headers: { cookie },
    json: { version: e.version, [field]: true, factDate },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  rows[i] = r.body as Enterprise;
}

async function coordination(query: string, cookie = partner): Promise<Coordination> {
  const r = await server.api(`/api/coordination?${query}`, { headers: { cookie } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return Coordination.parse(r.body);
}

/** What the view must say for the ward, counted over the rows made here (non-state only). */
function expected(founded: Record<Coordinated, number>) {
  const counted = rows.filter((e) => e.ownership !== "STATE");
  return COORDINATED.map((o) => {
    const flag = ORGANISATION_FIELD[o];
    return {
      organisation: o,
      exists: counted.filter((e) => e[flag]).length,
      target: counted.filter((e) => e.hasUnion && !e[flag]).length,
      founded: founded[o],
    };
  });
}

describe("the coordination view", () => {
  it("counts where each organisation exists, its target list and what was founded in the period", async () => {
    // In the period: two Women's Unions, a Youth Union (ticked by the Youth Union's own account) and a
    // Party organisation; a state enterprise's Women's Union (outside the default non-state scope).
    // Outside it: a Veterans' Association.
    const ticks: [number, keyof Flags, string, string?][] = [
      [0, "hasWomenUnion", "2026-03-02"],
      [2, "hasWomenUnion", "2026-03-31"],
      [3, "hasYouthUnion", "2026-03-15", partner],
      [7, "hasParty", "2026-03-20"],
      [1, "hasVeterans", "2026-04-01"],
      [8, "hasWomenUnion", "2026-03-10"],
    ];
    for (const [i, field, day, cookie] of ticks) await tick(i, field, day, cookie);
    const foundedIn = (from: string, to: string, withState = false) =>
      Object.fromEntries(
        COORDINATED.map((o) => [
          o,
          ticks.filter(
            ([i, field, day]) =>
              field === ORGANISATION_FIELD[o] &&
              day >= from &&
              day <= to &&
              (withState || rows[i]!.ownership !== "STATE"),
          ).length,
        ]),
      ) as Record<Coordinated, number>;

    const foundedInPeriod = foundedIn(PERIOD.from, PERIOD.to);
    expect(Object.values(foundedInPeriod).reduce((a, b) => a + b)).toBeGreaterThan(2);
    const c = await coordination(`from=${PERIOD.from}&to=${PERIOD.to}&district=${ward}`);
    expect(c.rows.map(({ targetList: _l, ...r }) => r)).toEqual(expected(foundedInPeriod));
    expect(c.enterprises).toBe(rows.filter((e) => e.ownership !== "STATE").length);
    expect(c.withUnion).toBe(rows.filter((e) => e.ownership !== "STATE" && e.hasUnion).length);
    expect([c.from, c.to]).toEqual([PERIOD.from, PERIOD.to]);

    // April holds the Veterans' Association; with the state sector, March has one more Women's Union.
    const april = await coordination(`from=2026-04-01&to=2026-04-30&district=${ward}`);
    expect(april.rows.map((r) => r.founded)).toEqual(COORDINATED.map((o) => foundedIn("2026-04-01", "2026-04-30")[o]));
    const withState = await coordination(`from=${PERIOD.from}&to=${PERIOD.to}&district=${ward}&nonState=false`);
    expect(withState.rows.map((r) => r.founded)).toEqual(
      COORDINATED.map((o) => foundedIn(PERIOD.from, PERIOD.to, true)[o]),
    );
    expect(withState.rows.find((r) => r.organisation === "women")!.founded).toBeGreaterThan(foundedInPeriod.women);
    expect(withState.enterprises).toBe(rows.length);
  });

  it("links each target list to exactly the enterprises with a union and without the organisation", async () => {
    const c = await coordination(`from=${PERIOD.from}&to=${PERIOD.to}&district=${ward}`);
    for (const row of c.rows) {
      const r = await server.api(`${row.targetList}&pageSize=500`, { headers: { cookie: partner } });
      expect(r.status).toBe(200);
      const list = EnterpriseList.parse(r.body);
      const flag = ORGANISATION_FIELD[row.organisation];
      const byHand = rows.filter((e) => e.ownership !== "STATE" && e.hasUnion && !e[flag]).map((e) => e.id);
      expect(list.items.map((e) => e.id).sort()).toEqual(byHand.sort());
      expect(list.total).toBe(row.target);
    }
  });

  it("over the whole province equals a count over every enterprise in the list", async () => {
    const c = await coordination(`from=${PERIOD.from}&to=${PERIOD.to}`, admin);
    const all = await server.enterprises("nonState=true");
    for (const row of c.rows) {
      const flag = ORGANISATION_FIELD[row.organisation];
      expect(row.exists).toBe(all.filter((e) => e[flag]).length);
      expect(row.target).toBe(all.filter((e) => e.hasUnion && !e[flag]).length);
    }
    expect(c.enterprises).toBe(all.length);
  });

  it("downloads as CSV in Vietnamese or English with the same figures, dates written dd/mm/yyyy", async () => {
    const c = await coordination(`from=${PERIOD.from}&to=${PERIOD.to}&district=${ward}`);
    const res = await fetch(`${server.url}/api/coordination.csv?from=${PERIOD.from}&to=${PERIOD.to}&district=${ward}`, {
      headers: { cookie: partner },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("phoi-hop-2026-03-01-2026-03-31.csv");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toContain("01/03/2026");
    const women = c.rows.find((r) => r.organisation === "women")!;
    expect(lines).toContain(`Hội Phụ nữ,${women.exists},${women.target},${women.founded}`);
    const en = await fetch(
      `${server.url}/api/coordination.csv?from=${PERIOD.from}&to=${PERIOD.to}&district=${ward}&lang=en`,
      { headers: { cookie: partner } },
    );
    const enText = await en.text();
    expect(enText).toContain(`Women's Union,${women.exists},${women.target},${women.founded}`);
    expect(en.headers.get("content-disposition")).toContain("coordination-");
  });

  it("refuses a bad period with the field named", async () => {
    const r = await server.api(`/api/coordination?from=2026-03-10&to=2026-03-01`, { headers: { cookie: partner } });
    expect(r.status).toBe(400);
    expect(errorOf(r).fields?.to).toBeTruthy();
    const csv = await server.api(`/api/coordination.csv?lang=fr`, { headers: { cookie: partner } });
    expect(csv.status).toBe(400);
    expect(errorOf(csv).fields?.lang).toBeTruthy();
  });
});
