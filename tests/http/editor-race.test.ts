// Two editors of one district open the same enterprise and both save: exactly one wins, the other
// is shown the winner's record and resaves on it; nothing is lost. The history says who did what.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeLogPage } from "../../contract/change-log.ts";
import { Enterprise } from "../../contract/enterprise.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let district: number;
let lan: string, minh: string;

beforeAll(async () => {
  server = await startTestServer({ enterprises: 60 });
  district = (await server.districts()).find((d) => d.code === "AP02")!.id;
  lan = await server.cookieOf("Chị Lan", { role: "EDITOR", districtIds: [district] });
  minh = await server.cookieOf("Anh Minh", { role: "EDITOR", districtIds: [district] });
});
afterAll(async () => {
  await server?.close();
});

const save = (cookie: string, id: number, change: Record<string, unknown>) =>
  server.api(`/api/enterprises/${id}`, {
    method: "PATCH",
    json: change,
    headers: { cookie, "x-change-source": "form" },
  });

describe("two editors racing on one enterprise", () => {
  it("one save wins, the other gets 409 with the current record; after resolving, both changes are in", async () => {
    const e = (await server.enterprises(`district=${district}`))[0]!;
    // Both loaded version N; each changes a different field.
    const [a, b] = await Promise.all([
      save(lan, e.id, { version: e.version, headcount: e.headcount + 20 }),
      save(minh, e.id, { version: e.version, initiatives: e.initiatives + 3 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [won, lost] = a.status === 200 ? [a, b] : [b, a];
    const loserCookie = lost === a ? lan : minh;
    const loserChange = lost === a ? { headcount: e.headcount + 20 } : { initiatives: e.initiatives + 3 };
    const winnerChange = won === a ? { headcount: e.headcount + 20 } : { initiatives: e.initiatives + 3 };

    const current = Enterprise.parse(errorOf(lost).current);
    expect(current).toMatchObject({ ...winnerChange, version: e.version + 1 });
    expect(await server.enterprise(e.id)).toMatchObject(winnerChange);

    // The loser keeps the winner's change and puts his own on top of the version he was shown.
    const resolved = await save(loserCookie, e.id, { version: current.version, ...loserChange });
    expect(resolved.status).toBe(200);
    const final = await server.enterprise(e.id);
    expect(final).toMatchObject({ ...winnerChange, ...loserChange, version: e.version + 2 });

    const history = ChangeLogPage.parse((await server.api(`/api/enterprises/${e.id}/history`)).body);
    expect(
      history.items
        .slice(0, 2)
        .map((h) => h.actor)
        .sort(),
    ).toEqual(["Anh Minh", "Chị Lan"]);
  });

  it("ten concurrent saves of one version: exactly one is accepted, nine are told, the log has one row", async () => {
    const e = (await server.enterprises(`district=${district}`))[1]!;
    const logBefore = await server.db.changeLog.count({ where: { enterpriseId: e.id } });
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        save(i % 2 ? lan : minh, e.id, { version: e.version, initiatives: e.initiatives + i + 1 }),
      ),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await server.db.changeLog.count({ where: { enterpriseId: e.id } })).toBe(logBefore + 1);
  });
});

describe("the history of an enterprise and the whole log", () => {
  it("lists who changed what, when, through what, with old and new values, newest first", async () => {
    const e = (await server.enterprises(`district=${district}`))[2]!;
    expect((await save(lan, e.id, { version: e.version, unionMembers: 0 })).status).toBe(200);
    const r = await server.api(`/api/enterprises/${e.id}/history`, { headers: { cookie: minh } });
    expect(r.status).toBe(200);
    const page = ChangeLogPage.parse(r.body);
    expect(page.items[0]).toMatchObject({
      enterpriseId: e.id,
      actor: "Chị Lan",
      source: "session",
      claimedSource: "form",
      action: "update",
      diff: { unionMembers: [e.unionMembers, 0] },
    });
    expect(page.items.at(-1)).toMatchObject({ action: "create", actor: "seed", source: "seed", actorUserId: null });
    expect(page.total).toBe(page.items.length);
    expect((await server.api("/api/enterprises/999999/history")).status).toBe(404);
  });

  it("an administrator browses the log by user, district and date; editors may not", async () => {
    const lanId = (await server.db.user.findFirst({ where: { displayName: "Chị Lan" } }))!.id;
    const admin = { cookie: await server.adminCookie() };
    const today = new Date().toISOString().slice(0, 10);
    const r = await server.api(
      `/api/changes?user=${lanId}&district=${district}&from=${today}&to=${today}&page=1&pageSize=50`,
      { headers: admin },
    );
    expect(r.status).toBe(200);
    const page = ChangeLogPage.parse(r.body);
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((i) => i.actorUserId === lanId && i.districtId === district)).toBe(true);
    const old = ChangeLogPage.parse((await server.api("/api/changes?to=2000-01-01", { headers: admin })).body);
    expect(old.total).toBe(0);
    expect((await server.api(`/api/changes?user=${lanId}`, { headers: { cookie: lan } })).status).toBe(403);
    // the wall's ticker form of the same endpoint still answers every reader
    expect((await server.api("/api/changes?limit=5", { headers: { cookie: lan } })).status).toBe(200);
    expect(errorOf(await server.api("/api/changes?from=yesterday", { headers: admin })).fields).toHaveProperty("from");
  });
});
