// Typed reads of the UnionPulse API. Every failure, including a network error or a proxy's HTML
// page, surfaces as an ApiRequestError carrying the API's one error shape.
import type { ChangeList } from "../../contract/changes.ts";
import type { District, EnterpriseList } from "../../contract/enterprise.ts";
import type { ApiError, ErrorCode } from "../../contract/errors.ts";
import type { FilterQuery } from "../../contract/filter.ts";
import type { Stats } from "../../contract/stats.ts";

export interface Province {
  id: number;
  code: string;
  name: string;
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.error.message);
    this.name = "ApiRequestError";
  }
  get code(): ErrorCode {
    return this.body.error.code;
  }
}

/** The query-string form of a filter, with empty values left out. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** A read-only display token (accounts), sent with every request once set. */
let accessToken: string | null = null;
export function setAccessToken(token: string | null): void {
  accessToken = token;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  const headers: Record<string, string> = { accept: "application/json" };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  try {
    res = await fetch(path, { headers, signal });
  } catch (e) {
    if (signal?.aborted) throw e; // the caller moved on; not an error to show
    throw new ApiRequestError(0, errorBody("UNAVAILABLE", "The server cannot be reached"));
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok)
    throw new ApiRequestError(
      res.status,
      isApiError(body) ? body : errorBody(res.status >= 500 ? "UNAVAILABLE" : "INTERNAL", `HTTP ${res.status}`),
    );
  if (body === undefined)
    throw new ApiRequestError(res.status, errorBody("INTERNAL", "The server's answer is not JSON"));
  // The server validates what it sends against the same contract; the client trusts its types.
  return body as T;
}

export const api = {
  /** The active units (the API keeps the name "districts"). */
  districts: (signal?: AbortSignal) => getJson<District[]>("/api/districts", signal),
  /** Every unit, retired ones too (issue 10). */
  allDistricts: (signal?: AbortSignal) => getJson<District[]>("/api/districts?includeRetired=true", signal),
  /** null until an administrator sets the province up (issue 10). */
  province: (signal?: AbortSignal) => getJson<Province | null>("/api/province", signal),
  stats: (filter: FilterQuery, signal?: AbortSignal) =>
    getJson<Stats>(`/api/stats${queryString({ ...filter })}`, signal),
  /** Enterprises without a union first, largest first: the federation's work list. */
  priorityList: (filter: FilterQuery, page: number, pageSize: number, signal?: AbortSignal) =>
    getJson<EnterpriseList>(`/api/enterprises${queryString({ ...filter, page, pageSize, sort: "priority" })}`, signal),
  /** The latest accepted changes under a filter (district, ownership, nonState), newest first. */
  changes: (filter: Pick<FilterQuery, "district" | "ownership" | "nonState">, limit: number, signal?: AbortSignal) =>
    getJson<ChangeList>(`/api/changes${queryString({ ...filter, limit })}`, signal),
};

export function errorBody(code: ErrorCode, message: string): ApiError {
  return { error: { code, message } };
}

export function isApiError(x: unknown): x is ApiError {
  if (typeof x !== "object" || x === null || !("error" in x)) return false;
  const e = (x as { error: unknown }).error;
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as { code?: unknown }).code === "string" &&
    typeof (e as { message?: unknown }).message === "string"
  );
}

/** A message for people from any thrown value. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiRequestError) return e.message;
  if (isApiError(e)) return e.error.message;
  return e instanceof Error ? e.message : String(e);
}
