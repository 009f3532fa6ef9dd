// The rebuild's snapshot read (server/db/snapshot.ts), checked the same way on either provider: what it
// reads equals a recount of the database as of its sequence number, and a write committed by another
// connection while it reads page after page is not half in it; the next rebuild takes it in.
import { expect } from "vitest";
import { currentSeq, lastChangeAt, SEQ_COUNTER } from "../../server/db/change-log.ts";
import { migrate, openDatabase, type Db } from "../../server/db/database.ts";
import { snapshotReader } from "../../server/db/snapshot.ts";
import type { Counted } from "../../server/domain/figures.ts";
import { seedDemo } from "../../server/seed/seed-database.ts";
import { ChangeFeed } from "../../server/services/change-feed.ts";
import { keyedStats, naiveStats } from "./naive-stats.ts";

async function recount(db: Db) {
  return naiveStats(await db.enterprise.findMany({ where: { erasedAt: null } }), {});
}

export async function checkSnapshotReader(url: string): Promise<void> {
  await migrate(url);
  const { db } = await openDatabase(url);
  try {
    await seedDemo(db, 300);
    // Ceased enterprises count in no figure, erased ones are gone from every read.
    const ids = (await db.enterprise.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((e) => e.id);
    await db.enterprise.updateMany({
      where: { id: { in: ids.filter((id) => id % 7 === 0) } },
      data: { status: "CEASED" },
    });
    await db.enterprise.updateMany({
      where: { id: { in: ids.filter((id) => id % 11 === 0) } },
      data: { erasedAt: new Date() },
    });
    const truth = await recount(db);
    const seq = await currentSeq(db);
    const lastAt = await lastChangeAt(db);
    expect(seq).toBeGreaterThan(0);
    expect(lastAt).toBeInstanceOf(Date);

    // Another connection commits an edit and its sequence number after the first page was read.
    const target = ids.at(-1)!;
    const write = () =>
      db.$transaction([
        db.enterprise.update({ where: { id: target }, data: { headcount: { increment: 700 }, hasUnion: false } }),
        db.counter.update({ where: { name: SEQ_COUNTER }, data: { value: { increment: 1 } } }),
      ]);
    const read: Counted[] = [];
    let pages = 0;
    await snapshotReader(url, { pageSize: 20 })(async (s) => {
      expect(s.seq).toBe(seq);
      expect(s.lastAt?.toISOString()).toBe(lastAt!.toISOString());
      for await (const page of s.enterprises) {
        if (pages++ === 0) await write();
        read.push(...page);
      }
    });
    expect(pages).toBeGreaterThan(10);
    expect(read).toHaveLength(ids.length - ids.filter((id) => id % 11 === 0).length);
    expect(naiveStats(read, {})).toEqual(truth);

    // The aggregates built from the next read equal a recount with the edit, at its sequence number.
    const after = await recount(db);
    expect(after).not.toEqual(truth);
    const feed = new ChangeFeed(snapshotReader(url, { pageSize: 20 }));
    await feed.rebuild();
    expect(feed.seq).toBe(seq + 1);
    expect(keyedStats(feed.stats({}))).toEqual(after);
    feed.close();
  } finally {
    await db.$disconnect();
  }
}
