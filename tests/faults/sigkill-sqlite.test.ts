// The server process is killed (SIGKILL: no shutdown, no flush) in the middle of a stream of
// writes, on the default SQLite set-up. After a restart on the same file, every write that was
// acknowledged with a 200 is there with the version it answered, none is half-applied, and the
// change log is gapless with exactly one row per accepted change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import path from "node:path";
import { Enterprise, EnterpriseList } from "../../contract/enterprise.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { serverHome, type ServerHome } from "./support/server-process.ts";

let home: ServerHome;
beforeAll(async () => {
  home = await serverHome({ SEED_ENTERPRISES: "120" });
  await home.start();
}, 90_000);
afterAll(async () => {
  await home?.remove();
});

interface LogRow {
  seq: number;
  enterpriseId: number;
  action: string;
  diff: string;
}

describe("SIGKILL during a stream of writes (SQLite)", () => {
  it("keeps every acknowledged write, half-applies none, and leaves a gapless change log", async () => {
    const cookie = await login(home.url, "admin", DEMO_PASSWORD);
    const headers = { "content-type": "application/json", cookie };
    const list = EnterpriseList.parse(
      await (await fetch(`${home.url}/api/enterprises?pageSize=500`, { headers })).json(),
    ).items;
    const initial = new Map(list.map((e) => [e.id, e]));
    // The seed's own history (reorganisation moves, backdated facts) comes before this test's writes.
    const seqBefore = ((await (await fetch(`${home.url}/api/stats`, { headers })).json()) as { seq: number }).seq;
    const current = new Map(initial);
    const acknowledged: Enterprise[] = [];
    let killed = false;
    let cut = 0;

    // Four writers, each on its own enterprises (no conflicts), each write changing initiatives
    // to a value not used before on that enterprise, so each acknowledged change is recognisable.
    const writer = async (w: number) => {
      const mine = list.filter((_, i) => i % 4 === w).map((e) => e.id);
      for (let round = 0; ; round++) {
        const e = current.get(mine[round % mine.length]!)!;
        let res: Response;
        try {
          res = await fetch(`${home.url}/api/enterprises/${e.id}`, {
            method: "PATCH",
            headers,
            body: JSON.stringify({ version: e.version, initiatives: e.initiatives + 1 }),
          });
        } catch {
          cut++; // the connection died with the server: saved or not, only a 200 was a promise
          return;
        }
        if (res.status !== 200) throw new Error(`PATCH ${e.id} answered ${res.status}: ${await res.text()}`);
        const after = Enterprise.parse(await res.json());
        acknowledged.push(after);
        current.set(after.id, after);
        if (acknowledged.length >= 150 && !killed) {
          killed = true;
          await home.kill();
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));
    expect(killed).toBe(true);
    expect(cut).toBeGreaterThan(0);

    await home.start();
    const again = await login(home.url, "admin", DEMO_PASSWORD);
    const after = new Map(
      EnterpriseList.parse(
        await (await fetch(`${home.url}/api/enterprises?pageSize=500`, { headers: { cookie: again } })).json(),
      ).items.map((e) => [e.id, e]),
    );

    // Read the log straight from the file (read-only, beside the running server).
    const file = new Database(path.join(home.dir, "unionpulse.db"), { readonly: true });
    let log: LogRow[];
    try {
      log = file.prepare("SELECT seq, enterpriseId, action, diff FROM ChangeLog ORDER BY seq").all() as LogRow[];
    } finally {
      file.close();
    }
    // Gapless: 1…N with no hole and no duplicate.
    expect(log.map((r) => r.seq)).toEqual(log.map((_, i) => i + 1));

    const updates = new Map<number, number[]>(); // enterprise → new initiatives of each update, in order
    for (const r of log) {
      if (r.action !== "update" || r.seq <= seqBefore) continue;
      const diff = JSON.parse(r.diff) as Record<string, [unknown, unknown]>;
      expect(Object.keys(diff)).toEqual(["initiatives"]);
      const list = updates.get(r.enterpriseId) ?? [];
      // Each change follows on from the one before it: nothing lost, nothing half-applied.
      expect(diff.initiatives![0]).toBe(list.at(-1) ?? initial.get(r.enterpriseId)!.initiatives);
      list.push(diff.initiatives![1] as number);
      updates.set(r.enterpriseId, list);
    }

    for (const [id, before] of initial) {
      const now = after.get(id)!;
      const changes = updates.get(id) ?? [];
      // The row and its log agree: as many versions as logged changes, and the last logged value.
      expect(now.version, `enterprise ${id}`).toBe(before.version + changes.length);
      expect(now.initiatives, `enterprise ${id}`).toBe(changes.at(-1) ?? before.initiatives);
    }
    for (const a of acknowledged) {
      const changes = updates.get(a.id) ?? [];
      expect(
        changes.filter((v) => v === a.initiatives),
        `acknowledged ${a.id} v${a.version}`,
      ).toHaveLength(1);
      expect(after.get(a.id)!.version).toBeGreaterThanOrEqual(a.version);
      // The acknowledged version is the one that change made.
      expect(initial.get(a.id)!.version + changes.indexOf(a.initiatives) + 1).toBe(a.version);
    }
    // The figures the restarted server serves are those of the rows it has, as of the last logged change.
    const stats = (await (await fetch(`${home.url}/api/stats`, { headers: { cookie: again } })).json()) as {
      seq: number;
      totals: { enterprises: number; initiatives: number };
    };
    expect(stats.seq).toBe(log.length);
    const counted = [...after.values()].filter((e) => e.status !== "CEASED"); // ceased ones are listed, not counted
    expect(stats.totals).toMatchObject({
      enterprises: counted.length,
      initiatives: counted.reduce((n, e) => n + e.initiatives, 0),
    });
  }, 120_000);
});
