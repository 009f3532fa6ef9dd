// The editor's calls: search, load, create, save with the version edited, and history. Writes say
// they come from the form (X-Change-Source), which the change log records.
import type { ChangeLogPage } from "../../../contract/change-log.ts";
import type { Enterprise, EnterpriseCreate, EnterpriseList, EnterprisePatch } from "../../../contract/enterprise.ts";
import type { ApiError } from "../../../contract/errors.ts";
import { isApiError, queryString } from "../api.ts";

export type WriteResult =
  { ok: true; enterprise: Enterprise } | { ok: false; status: number; error: ApiError["error"] };

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: "application/json" } });
  if (res.status === 401) location.reload(); // the session ended: the page will go to the login
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

async function write(method: "POST" | "PATCH", path: string, body: unknown): Promise<WriteResult> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { "content-type": "application/json", accept: "application/json", "x-change-source": "form" },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, error: { code: "UNAVAILABLE", message: "The server cannot be reached" } };
  }
  const answer: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, enterprise: answer as Enterprise };
  return {
    ok: false,
    status: res.status,
    error: isApiError(answer) ? answer.error : { code: "INTERNAL", message: `HTTP ${res.status}` },
  };
}

export const editorApi = {
  search: (q: string, district: number | undefined) =>
    getJson<EnterpriseList>(
      `/api/enterprises${queryString({ q: q.trim() || undefined, district, pageSize: 30, sort: "name" })}`,
    ),
  /** The enterprises this account changed last, newest first. */
  recent: () => getJson<{ items: Enterprise[] }>("/api/enterprises/recent"),
  get: (id: number) => getJson<Enterprise>(`/api/enterprises/${id}`),
  history: (id: number) => getJson<ChangeLogPage>(`/api/enterprises/${id}/history?pageSize=50`),
  create: (input: EnterpriseCreate) => write("POST", "/api/enterprises", input),
  save: (id: number, patch: EnterprisePatch) => write("PATCH", `/api/enterprises/${id}`, patch),
};
