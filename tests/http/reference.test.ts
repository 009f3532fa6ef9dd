// What a dashboard loads first: is the server up, which districts and VSIC sections exist.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DISTRICTS, DEMO_PROVINCE } from "../../server/seed/demo-province.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("reference data", () => {
  it("health says ok and the sequence number of the last change (one per seeded enterprise)", async () => {
    const r = await server.api("/api/health");
    expect(r.status).toBe(200);
    const changes = await server.db.changeLog.count();
    expect(changes).toBeGreaterThan(0);
    expect(r.body).toEqual({ status: "ok", seq: changes, settled: expect.any(Boolean) });
  });

  it("ready says ready once the database answers", async () => {
    const r = await server.api("/api/ready");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: "ready",
      seq: await server.db.changeLog.count(),
      checks: { database: "ok" },
    });
  });

  it("lists the province's districts with the province they belong to, ordered by code", async () => {
    const districts = await server.districts();
    const province = await server.api("/api/province");
    expect(province.status).toBe(200);
    expect(province.body).toMatchObject({ code: DEMO_PROVINCE.code, name: DEMO_PROVINCE.name });
    const provinceId = (province.body as { id: number }).id;
    expect(districts.map((d) => d.code)).toEqual(DEMO_DISTRICTS.map((d) => d.code).sort());
    expect(districts.map((d) => d.name).sort()).toEqual(DEMO_DISTRICTS.map((d) => d.name).sort());
    for (const d of districts) expect(d.provinceId).toBe(provinceId);
    expect(new Set(districts.map((d) => d.id)).size).toBe(districts.length);
  });

  it("lists the 21 VSIC 2018 sections A to U, each named in Vietnamese and English", async () => {
    const r = await server.api("/api/sectors");
    expect(r.status).toBe(200);
    const sectors = r.body as { code: string; vi: string; en: string }[];
    const aToU = Array.from({ length: "U".charCodeAt(0) - "A".charCodeAt(0) + 1 }, (_, i) =>
      String.fromCharCode(65 + i),
    );
    expect(aToU).toHaveLength(21);
    expect(sectors.map((s) => s.code)).toEqual(aToU);
    for (const s of sectors) {
      expect(s.vi.trim().length).toBeGreaterThan(0);
      expect(s.en.trim().length).toBeGreaterThan(0);
    }
    expect(sectors.find((s) => s.code === "C")?.en).toBe("Manufacturing");
  });

  it("an unknown endpoint under /api is a 404 in the API's error shape, not an HTML page", async () => {
    const r = await server.api("/api/no-such-thing");
    expect(r.status).toBe(404);
    expect(r.headers.get("content-type")).toMatch(/application\/json/);
    expect(errorOf(r).code).toBe("NOT_FOUND");
  });
});
