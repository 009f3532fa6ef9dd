// A generated change log for property tests of history (the period ledger, the monthly snapshots):
// creates, updates with facts entered late, moves between units, cessations and erasures.
import { factDayOf, type LogEntry } from "../../server/domain/history.ts";
import { randomSource } from "../../server/seed/random.ts";

const SECTORS = ["C", "F", "G"];
const OWNERSHIPS = ["DOMESTIC", "FDI", "STATE"];

/** A log of `count` enterprises over 2020–2026, each entry with its fact date; seq is entry order. */
export function generatedLog(seed: number, count: number): LogEntry[] {
  const r = randomSource(seed);
  const day = () =>
    `${r.int(2020, 2026)}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`;
  const log: LogEntry[] = [];
  const add = (enterpriseId: number, action: LogEntry["action"], diff: LogEntry["diff"], factDate = day()) =>
    log.push({ seq: log.length + 1, enterpriseId, at: new Date("2026-11-30T03:00:00Z"), factDate, action, diff });
  const state = new Map<number, Record<string, unknown>>();
  for (let id = 1; id <= count; id++) {
    const headcount = r.int(0, 120);
    const e = {
      name: `DN ${id}`,
      taxCode: `01${id}`,
      districtId: r.int(1, 4),
      sector: r.pick(SECTORS),
      ownership: r.pick(OWNERSHIPS),
      headcount,
      unionMembers: r.int(0, headcount),
      hasUnion: r.chance(0.5),
      hasParty: r.chance(0.3),
      hasYouthUnion: r.chance(0.3),
      hasWomenUnion: r.chance(0.3),
      hasVeterans: r.chance(0.3),
      partyRecommended: r.int(0, 5),
      partyAdmitted: r.int(0, 3),
      initiatives: r.int(0, 9),
      status: "ACTIVE",
    };
    state.set(id, e);
    add(id, "create", Object.fromEntries(Object.entries(e).map(([k, v]) => [k, [null, v]])));
  }
  for (let n = 0; n < count * 8; n++) {
    const id = r.int(1, count);
    const e = state.get(id);
    if (!e) continue; // erased
    if (r.chance(0.01)) {
      add(id, "erase", {});
      state.delete(id);
      continue;
    }
    const diff: LogEntry["diff"] = {};
    const change = (k: string, v: unknown) => {
      diff[k] = [e[k], v];
      e[k] = v;
    };
    const what = r.int(0, 6);
    if (what === 0) change("districtId", r.int(1, 4));
    else if (what === 1) change("status", e.status === "ACTIVE" ? "CEASED" : "ACTIVE");
    else if (what === 2)
      change(r.pick(["hasUnion", "hasParty", "hasYouthUnion", "hasWomenUnion", "hasVeterans"]), r.chance(0.7));
    else if (what === 3) change(r.pick(["sector", "ownership"]), r.pick(r.chance(0.5) ? SECTORS : OWNERSHIPS));
    else {
      const k = r.pick(["headcount", "unionMembers", "partyRecommended", "partyAdmitted", "initiatives"]);
      change(k, Math.max(0, (e[k] as number) + r.int(-3, 8)));
    }
    // Fact dates at random: many are entered late (dated before facts already in the log).
    add(id, "update", diff);
  }
  return log;
}

/** Entries in fact order (ties by seq), the order history folds them in. */
export const inFactOrder = (log: readonly LogEntry[]) =>
  [...log].sort((a, b) => (factDayOf(a) < factDayOf(b) ? -1 : factDayOf(a) > factDayOf(b) ? 1 : a.seq - b.seq));

/** The log as one batch, as the database reads hand it over. */
export async function* once(log: LogEntry[]) {
  yield log;
}

/** An enterprise of the log with updates and never erased, its own entries in fact order, and a fact
 *  about it entered now but dated 5 May 2021 that changes `diff`. */
export function lateFactIn(log: readonly LogEntry[], diff: LogEntry["diff"]) {
  const erased = new Set(log.filter((e) => e.action === "erase").map((e) => e.enterpriseId));
  const id = log.find((e) => e.action === "update" && !erased.has(e.enterpriseId))!.enterpriseId;
  const own = inFactOrder(log.filter((e) => e.enterpriseId === id));
  const late: LogEntry = {
    seq: log.length + 1,
    enterpriseId: id,
    at: new Date("2026-11-30T05:00:00Z"),
    factDate: "2021-05-05",
    action: "update",
    diff,
  };
  return { id, own, late };
}
