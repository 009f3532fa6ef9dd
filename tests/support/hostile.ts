// What the hostile-input batteries share: a fingerprint of everything a write could change
// (enterprises, change log, counters, accounts, their districts and sessions, display tokens), so
// a refused request can be shown to have changed nothing at all; and the check that an answer is a
// clear 4xx in the API's one error shape, without a stack trace.
import { describe, expect, it } from "vitest";
import type { TestServer, Reply } from "./server.ts";
import { errorOf } from "./server.ts";

export async function fingerprint(server: TestServer): Promise<string> {
  const db = server.db;
  const [enterprises, log, counters, users, userDistricts, sessions, tokens] = await Promise.all([
    db.enterprise.findMany({ orderBy: { id: "asc" } }),
    db.changeLog.count(),
    db.counter.findMany({ orderBy: { name: "asc" } }),
    db.user.findMany({ orderBy: { id: "asc" } }),
    db.userDistrict.findMany({ orderBy: [{ userId: "asc" }, { districtId: "asc" }] }),
    // lastSeenAt moves on its own (a session is touched every few minutes): not a change made by a request
    db.session.findMany({ orderBy: { id: "asc" }, select: { id: true, userId: true } }),
    db.displayToken.findMany({ orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify({ enterprises, log, counters, users, userDistricts, sessions, tokens });
}

/** A clear refusal: the expected 4xx, the error shape with a message, no stack trace. */
export function expectRefused(r: Reply, status: number, code?: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  const error = errorOf(r);
  if (code) expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
  expect(JSON.stringify(r.body)).not.toMatch(/at .*\.(ts|js):\d+|node_modules|Prisma|SQLITE/);
}

/** One hostile request: what it tries, how to send it, and the refusal expected. */
export interface Hostile {
  story: string;
  send: () => Promise<Reply>;
  status: number;
  code?: string;
}

/** Each case is refused as expected and leaves the fingerprint exactly as it was. `server` is a
 *  getter because test files start their server in beforeAll. */
export function battery(title: string, cases: Hostile[], server: () => TestServer) {
  describe(title, () => {
    for (const c of cases) {
      it(c.story, async () => {
        const before = await fingerprint(server());
        const r = await c.send();
        expectRefused(r, c.status, c.code);
        expect(await fingerprint(server())).toBe(before);
      });
    }
  });
}
