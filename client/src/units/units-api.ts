// The calls that set up and reshape the province and its units (issue 10): the API keeps the name
// "districts". Every answer, good or bad, comes back as an Outcome in the API's one error shape, so
// a page can show the server's field messages next to what the user typed.
import type { ApiError } from "../../../contract/errors.ts";
import type {
  District,
  MergeResult,
  Province,
  ProvincePut,
  SplitResult,
  UnitCreate,
  UnitHistoryEntry,
  UnitMerge,
  UnitPatch,
  UnitSplit,
  UnitsApplyResult,
  UnitsDryRun,
} from "../../../contract/units.ts";

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; error: ApiError["error"] };

export async function send<T>(method: string, path: string, body?: unknown, raw?: File): Promise<Outcome<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        accept: "application/json",
        ...(raw
          ? { "content-type": raw.type || "application/octet-stream" }
          : body !== undefined
            ? { "content-type": "application/json" }
            : {}),
      },
      ...(raw ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    return { ok: false, status: 0, error: { code: "UNAVAILABLE", message: "The server cannot be reached" } };
  }
  const answer = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return { ok: true, value: answer as T };
  const error = (answer as ApiError | null)?.error ?? { code: "INTERNAL", message: `HTTP ${res.status}` };
  return { ok: false, status: res.status, error };
}

const unit = (id: number) => `/api/districts/${encodeURIComponent(String(id))}`;

export const unitsApi = {
  province: () => send<Province | null>("GET", "/api/province"),
  setProvince: (p: ProvincePut) => send<Province>("PUT", "/api/province", p),
  /** Every unit, the retired ones too: the admin page shows both. */
  all: () => send<District[]>("GET", "/api/districts?includeRetired=true"),
  create: (u: UnitCreate) => send<District>("POST", "/api/districts", u),
  patch: (id: number, p: UnitPatch) => send<District>("PATCH", unit(id), p),
  history: (id: number) => send<UnitHistoryEntry[]>("GET", `${unit(id)}/history`),
  merge: (m: UnitMerge) => send<MergeResult>("POST", "/api/districts/merge", m),
  split: (id: number, s: UnitSplit) => send<SplitResult>("POST", `${unit(id)}/split`, s),
  retire: (id: number, effectiveDate: string) => send<District>("POST", `${unit(id)}/retire`, { effectiveDate }),
  templateUrl: "/api/districts/template.xlsx",
  dryRun: (file: File) => send<UnitsDryRun>("POST", "/api/districts/import/dry-run", undefined, file),
  apply: (importId: string) =>
    send<UnitsApplyResult>("POST", `/api/districts/import/${encodeURIComponent(importId)}/apply`),
};
