// The query threads' pool on its own (server/services/thread-pool.ts; the replays', exports' and dry
// runs' tests use it through their modules): at most `size` threads, handed out in the order asked,
// a job that leaves the queue gets none, a thread that fails sends every job to this process (said
// once), and closing fails the jobs still waiting.
import { afterEach, describe, expect, it } from "vitest";
import type { Logger } from "../../server/log.ts";
import { askThread } from "../../server/services/history-thread.ts";
import { threadPool, type ThreadPool } from "../../server/services/thread-pool.ts";

const ENTRY = new URL("../fixtures/answering-thread.mjs", import.meta.url);

function errorLog(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { info: () => {}, debug: () => {}, error: (msg: string) => void errors.push(msg), errors };
}

/** What has settled of `p` after the jobs now due have run: its value, or "waiting". */
async function now<T>(p: Promise<T>): Promise<T | "waiting"> {
  return Promise.race([p, new Promise<"waiting">((r) => setTimeout(() => r("waiting"), 50))]);
}

describe("the query threads' pool", () => {
  let pool: ThreadPool;
  let log: ReturnType<typeof errorLog>;
  const open = (size: number) => {
    log = errorLog();
    return (pool = threadPool({
      entry: ENTRY,
      url: "file:./none.db",
      size,
      log,
      jobs: "tests",
      failure: "tests run here",
    }));
  };
  afterEach(() => pool.close());

  it("starts threads nicer than this one, on the database asked, and no more than its size", async () => {
    open(2);
    const [a, b] = [await pool.thread(), await pool.thread()];
    expect(a).not.toBe(b);
    expect(await askThread(a!, {}, "the test thread")).toEqual({ url: "file:./none.db", nice: 5 });
    expect(await now(pool.thread()), "a third waits for one of the two").toBe("waiting");
  });

  it("hands a freed thread to the job asked first, then the next", async () => {
    open(1);
    const one = (await pool.thread())!;
    const [first, second] = [pool.thread(), pool.thread()];
    pool.release(one);
    expect(await first).toBe(one);
    expect(await now(second)).toBe("waiting");
    pool.release(one);
    expect(await second).toBe(one);
  });

  it("lets a job leave the queue: the thread goes to the one after it", async () => {
    open(1);
    const one = (await pool.thread())!;
    const gone = new AbortController();
    const [left, stays] = [pool.thread(gone.signal), pool.thread()];
    gone.abort(new Error("the page was closed"));
    await expect(left).rejects.toThrow("the page was closed");
    pool.release(one);
    expect(await stays).toBe(one);
    await expect(pool.thread(gone.signal), "gone before it asked").rejects.toThrow("the page was closed");
  });

  it("after a thread fails, runs every job here, the waiting ones too, and says so once", async () => {
    open(1);
    const one = (await pool.thread())!;
    const waiting = pool.thread();
    pool.failed(one, new Error("the thread died"));
    expect(await waiting).toBeNull();
    expect(await pool.thread()).toBeNull();
    pool.failed(one, new Error("and again"));
    expect(log.errors).toEqual(["tests run here"]);
  });

  it("fails the jobs still waiting when closed, and those asked afterwards", async () => {
    open(1);
    await pool.thread();
    const waiting = expect(pool.thread()).rejects.toThrow("the tests are closed");
    await pool.close();
    await waiting;
    await expect(pool.thread()).rejects.toThrow("the tests are closed");
    expect(pool.closed).toBe(true);
  });
});
