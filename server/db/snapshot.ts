// A consistent read of the whole state for rebuilding the aggregates: the sequence number and
// every enterprise as of that number, in one read transaction.
import type { Counted } from "../domain/figures.ts";
import { currentSeq, lastChangeAt } from "./change-log.ts";
import type { Db, Provider } from "./database.ts";
import { countedEnterprises } from "./enterprise-queries.ts";

/** What a rebuild reads, consistently: the sequence number and every enterprise as of it. */
export interface FeedSnapshot {
  seq: number;
  lastAt: Date | null;
  enterprises: AsyncIterable<Counted[]>;
}

export function snapshotReader(db: Db, provider: Provider) {
  return (use: (s: FeedSnapshot) => Promise<void>) =>
    db.$transaction(
      async (tx) => {
        const txDb = tx as unknown as Db; // same model API inside a transaction
        await use({
          seq: await currentSeq(tx),
          lastAt: await lastChangeAt(txDb),
          enterprises: countedEnterprises(txDb),
        });
      },
      // SQLite's read transaction is a snapshot already; PostgreSQL needs REPEATABLE READ for one.
      // (The SQLite client's types know only "Serializable"; the PostgreSQL client takes this level.)
      {
        timeout: 600_000,
        maxWait: 60_000,
        ...(provider === "postgres" ? { isolationLevel: "RepeatableRead" } : {}),
      } as { timeout: number; maxWait: number },
    );
}
