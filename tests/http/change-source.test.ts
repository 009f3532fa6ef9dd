// The audit trail records what the server knows about a write: how its author was authenticated
// and by which route (a person's session, an import). What the client says it is (the editor form,
// the simulator, in X-Change-Source) is kept only beside it, as a claim, never as the source.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeLogPage } from "../../contract/change-log.ts";
import { Enterprise } from "../../contract/enterprise.ts";
import { CHANGE_COLUMNS } from "../../server/db/change-log.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { csvOf } from "../support/spreadsheets.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let editor: string;
let mine: Enterprise[];
beforeAll(async () => {
  server = await startTestServer({ enterprises: 60 });
  const ap01 = (await server.districts()).find((d) => d.code === "AP01")!.id;
  editor = await login(server.url, "editor.ap01", DEMO_PASSWORD);
  mine = await server.enterprises(`district=${ap01}`);
});
afterAll(async () => {
  await server?.close();
});

const editAs = (e: Enterprise, headers: Record<string, string>) =>
  server.api(`/api/enterprises/${e.id}`, {
    method: "PATCH",
    json: { version: e.version, initiatives: e.initiatives + 1 },
    headers: { cookie: editor, ...headers },
  });

async function latestOf(e: Enterprise) {
  const history = await server.api(`/api/enterprises/${e.id}/history`, { headers: { cookie: editor } });
  expect(history.status).toBe(200);
  const browse = await server.api(`/api/changes?page=1&pageSize=200`);
  expect(browse.status).toBe(200);
  const fromBrowse = ChangeLogPage.parse(browse.body).items.find((i) => i.enterpriseId === e.id);
  return { history: ChangeLogPage.parse(history.body).items[0]!, browse: fromBrowse! };
}

describe("the source of a change", () => {
  it("an editor's API write that claims to be the simulator is recorded as a session write, the claim beside it", async () => {
    const e = mine[0]!;
    expect((await editAs(e, { "x-change-source": "simulator" })).status).toBe(200);
    const row = await server.db.changeLog.findFirst({ where: { enterpriseId: e.id }, orderBy: { seq: "desc" } });
    const me = await server.db.user.findUniqueOrThrow({ where: { username: "editor.ap01" } });
    expect(row).toMatchObject({ source: "session", claimedSource: "simulator", actorUserId: me.id });
    const { history, browse } = await latestOf(e);
    expect(history).toMatchObject({ source: "session", claimedSource: "simulator" });
    expect(browse).toMatchObject({ source: "session", claimedSource: "simulator" });
  });

  it("a write that claims nothing, or claims what only the server may say, has no claim", async () => {
    for (const [i, claim] of [undefined, "import", "seed", "x".repeat(300)].entries()) {
      const e = await server.enterprise(mine[1 + i]!.id);
      expect((await editAs(e, claim ? { "x-change-source": claim } : {})).status).toBe(200);
      const row = await server.db.changeLog.findFirst({ where: { enterpriseId: e.id }, orderBy: { seq: "desc" } });
      expect(row, String(claim)).toMatchObject({ source: "session", claimedSource: null });
    }
  });

  it("an import is recorded as an import, whatever the upload claims", async () => {
    const e = await server.enterprise(mine[6]!.id);
    const dry = await server.api("/api/import/dry-run", {
      method: "POST",
      body: new Uint8Array(
        csvOf([
          ["Mã số thuế", "Sáng kiến"],
          [e.taxCode, String(e.initiatives + 3)],
        ]),
      ),
      headers: { cookie: editor, "content-type": "text/csv", "x-change-source": "form" },
    });
    expect(dry.status).toBe(200);
    const { importId } = dry.body as { importId: string };
    const applied = await server.api(`/api/import/${importId}/apply`, {
      method: "POST",
      headers: { cookie: editor, "x-change-source": "form" },
    });
    expect(applied.status).toBe(200);
    const { history } = await latestOf(e);
    expect(history).toMatchObject({ source: "import", claimedSource: null });
  });
});

describe("the change log's row", () => {
  it("is written with every column of the table (the one-edit INSERT takes its columns from the same list as the import)", async () => {
    // The table as the migrations made it: a column the writers do not name would stay empty.
    const columns = await server.db.$queryRawUnsafe<{ name: string }[]>(`PRAGMA table_info("ChangeLog")`);
    expect([...CHANGE_COLUMNS].sort()).toEqual(columns.map((c) => c.name).sort());
    const e = mine[7]!;
    expect((await editAs(e, { "x-change-source": "form" })).status).toBe(200);
    const row = await server.db.changeLog.findFirst({ where: { enterpriseId: e.id }, orderBy: { seq: "desc" } });
    expect(row).toMatchObject({
      source: "session",
      claimedSource: "form",
      action: "update",
      actorUserId: expect.any(Number),
    });
    expect(row!.factDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.parse(row!.diff)).toEqual({ initiatives: [e.initiatives, e.initiatives + 1] });
  });
});
