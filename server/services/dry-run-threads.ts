// Where the import's dry runs (./import-dry-run.ts) run (issue 13 item 6): in a thread with its own
// database connection, so reading a sheet of 20,000 rows, looking each up and writing its 2 MB answer
// as JSON (seconds at a million enterprises) never holds this process's event loop. The file's bytes
// go to the thread and the JSON answer comes back, both handed over, not copied. A thread that cannot
// start or dies sends every dry run of this process to the in-process dry run (sliced, as before),
// logged once.
//
// Why a thread of its own rather than a turn in the replays' (./replay-threads.ts): a dry run lasts
// seconds, and the two replay threads answer trends an analyst is looking at; two dry runs would
// leave every trend waiting behind them. One thread is enough: a person has one dry run at a time
// (./import.ts), a dry run is one core's work, and the machine's other core serves the requests.
// Dry runs of several people wait in one queue in the order asked.
import type { DryRun } from "../../contract/import.ts";
import type { FieldProblems } from "../../contract/errors.ts";
import type { ColumnTarget } from "../../contract/import-fields.ts";
import { DomainError, UnavailableError } from "../domain/errors.ts";
import type { Actor } from "../domain/rights.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "../log.ts";
import { HISTORY_THREAD_ENTRY } from "./history-thread.ts";
import { dryRunOf } from "./import-dry-run.ts";
import { threadPool } from "./thread-pool.ts";

export interface DryRuns {
  /** The dry run's answer (DryRun) as UTF-8 JSON. `file` may be handed over to a thread: unusable
   *  afterwards. `signal`: the asker has gone; a dry run still queued is dropped (its promise rejects
   *  with the signal's reason), one already running goes on. */
  run(
    actor: Actor,
    file: Buffer,
    mapping: ReadonlyMap<string, ColumnTarget>,
    signal?: AbortSignal,
  ): Promise<Uint8Array>;
  /** Ends the thread; dry runs asked afterwards fail. */
  close(): Promise<void>;
}

/** A dry run as the thread receives it (server/worker/history-job.ts). */
export interface DryRunJob {
  kind: "importDryRun";
  actor: Actor;
  file: Uint8Array;
  mapping: ReadonlyMap<string, ColumnTarget>;
}

/** What the thread answers: the JSON, or the refusal the dry run threw (a bad file, a bad mapping),
 *  to be thrown again here with its code and fields. Any other failure is the job's (JobFailed). */
type Posted =
  | { json: Uint8Array }
  | { refused: { code: DomainError["code"]; message: string; fields?: FieldProblems; current?: unknown } };

/** Its own ArrayBuffer, as a transfer needs (TextEncoder's answer never shares one). */
const jsonOf = (answer: DryRun) => new TextEncoder().encode(JSON.stringify(answer));

/** Runs `job` in the thread (on the thread's own `db`) and says what to post back. */
export async function dryRunPosted(db: Db, job: DryRunJob): Promise<{ message: Posted; transfer: ArrayBuffer[] }> {
  const file = Buffer.from(job.file.buffer, job.file.byteOffset, job.file.byteLength);
  try {
    const json = jsonOf(await dryRunOf(db, job.actor, file, job.mapping));
    return { message: { json }, transfer: [json.buffer as ArrayBuffer] };
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const { code, message, fields, current } = e;
    return { message: { refused: { code, message, fields, current } }, transfer: [] };
  }
}

function answerOf(posted: Posted): Uint8Array {
  if ("json" in posted) return posted.json;
  const { code, message, fields, current } = posted.refused;
  throw new DomainError(code, message, fields, current);
}

/** Dry runs in this process, sliced so live pushes go on (tests, scripts, and the fallback). */
export function inProcessDryRuns(db: Db): DryRuns {
  return {
    run: async (actor, file, mapping) => jsonOf(await dryRunOf(db, actor, file, mapping)),
    close: async () => {},
  };
}

/** `file`'s bytes in a buffer of their own, to be handed over: a small upload's Buffer is a slice of
 *  Node's shared pool, which must not go. */
function ownBytes(file: Buffer): Uint8Array<ArrayBuffer> {
  return file.byteOffset === 0 && file.byteLength === file.buffer.byteLength
    ? new Uint8Array(file.buffer as ArrayBuffer, 0, file.byteLength) // an upload's Buffer is never shared memory
    : new Uint8Array(file);
}

/** Dry runs in one worker thread on the database at `url` (./thread-pool.ts); `entry` is for tests of
 *  the fallback. */
export function workerDryRuns(db: Db, opts: { url: string; log: Logger; entry?: URL }): DryRuns {
  const inProcess = inProcessDryRuns(db);
  const pool = threadPool({
    entry: opts.entry ?? HISTORY_THREAD_ENTRY,
    url: opts.url,
    size: 1,
    log: opts.log,
    jobs: "dry runs",
    failure: "import dry runs run in this process from now on: the dry run thread failed",
  });
  return {
    async run(actor, file, mapping, signal) {
      // Once it has the thread, it runs to its end (its plan is kept); until then nobody waits behind it.
      const w = await pool.thread(signal);
      if (!w) return inProcess.run(actor, file, mapping);
      // A thread that has answered once runs: a file handed to it comes back as an answer. Until then
      // it gets a copy, so one that cannot start leaves the file here for the fallback.
      const handedOver = pool.hasAnswered(w);
      const bytes = handedOver ? ownBytes(file) : new Uint8Array(file);
      const job: DryRunJob = { kind: "importDryRun", actor, file: bytes, mapping };
      const got = await pool.ask<Posted>(w, job, "the import dry run thread", handedOver ? [bytes.buffer] : []);
      if (!got) {
        // The file went with the thread: this one upload must be sent again.
        if (handedOver) throw new UnavailableError("Máy chủ chưa kiểm tra được tệp: hãy tải tệp lên lại");
        return inProcess.run(actor, file, mapping);
      }
      return answerOf(got.answer);
    },
    close: pool.close,
  };
}
