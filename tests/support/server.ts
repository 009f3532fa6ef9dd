// A real UnionPulse on a random port over a fresh SQLite file in its own temp directory, seeded
// with a small demo province, and typed helpers to call its API. close() removes everything.
// Requests are logged in: as an administrator named "local" by default, or as the person an
// X-Actor header names (an administrator of that display name, made on first use; "simulator" also
// says what the simulator says, X-Change-Source: simulator). `auth: false` sends no credentials;
// a Cookie or Authorization header given by the test is sent as it is.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { Enterprise, EnterpriseList, District } from "../../contract/enterprise.ts";
import { ApiError } from "../../contract/errors.ts";
import { Stats } from "../../contract/stats.ts";
import type { RunningApp } from "../../server/compose.ts";
import { accountCache, type AccountSpec } from "./accounts.ts";
import { startSeeded } from "./seeded-start.ts";

export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
}

export interface TestServer {
  url: string;
  app: RunningApp;
  /** The server's own Prisma client, to look at what was written (change log, rows). */
  db: RunningApp["db"];
  /** fetch on the server; a `json` value is sent as a JSON body. */
  api(pathname: string, init?: RequestInit & { json?: unknown; auth?: boolean }): Promise<Reply>;
  /** A logged-in session cookie of the person named displayName (made on first use; ADMIN unless said). */
  cookieOf(displayName: string, spec?: AccountSpec): Promise<string>;
  /** The demo administrator's session cookie. */
  adminCookie(): Promise<string>;
  enterprise(id: number): Promise<Enterprise>;
  /** Every enterprise matching the query string, all pages. */
  enterprises(query?: string): Promise<Enterprise[]>;
  stats(query?: string): Promise<Stats>;
  districts(): Promise<District[]>;
  patch(id: number, change: Record<string, unknown>, headers?: Record<string, string>): Promise<Reply>;
  close(): Promise<void>;
}

/** env: more configuration (server/config.ts names). Tests write fast as one person, so the write
 *  rate limit is lifted unless env sets WRITE_RATE_LIMIT (tests/http/write-rate-limit.test.ts does). */
export async function startTestServer(
  opts: { enterprises?: number; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-test-"));
  let app: RunningApp;
  try {
    app = await startSeeded({
      DATA_DIR: dir,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      SEED_ENTERPRISES: String(opts.enterprises ?? 300),
      WRITE_RATE_LIMIT: "1000000",
      // SQLITE_SYNC_EDITS=off in the environment runs a test file's edits through Prisma's transaction.
      ...(process.env.SQLITE_SYNC_EDITS ? { SQLITE_SYNC_EDITS: process.env.SQLITE_SYNC_EDITS } : {}),
      ...opts.env,
    });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const people = accountCache(app.url);

  async function api(pathname: string, init: RequestInit & { json?: unknown; auth?: boolean } = {}): Promise<Reply> {
    const { json, auth = true, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set("content-type", "application/json");
    const actor = headers.get("x-actor");
    headers.delete("x-actor");
    if (auth && !headers.has("cookie") && !headers.has("authorization"))
      headers.set("cookie", await people.cookieOf(actor ?? "local"));
    if (actor === "simulator") headers.set("x-change-source", "simulator");
    const res = await fetch(app.url + pathname, {
      ...rest,
      headers,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body };
  }

  async function ok<S extends z.ZodType>(schema: S, pathname: string): Promise<z.output<S>> {
    const r = await api(pathname);
    if (r.status !== 200) throw new Error(`GET ${pathname} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return schema.parse(r.body);
  }

  return {
    url: app.url,
    app,
    db: app.db,
    api,
    cookieOf: people.cookieOf,
    adminCookie: people.adminCookie,
    enterprise: (id) => ok(Enterprise, `/api/enterprises/${id}`),
    async enterprises(query = "") {
      const all: Enterprise[] = [];
      for (let page = 1; ; page++) {
        const sep = query ? "&" : "";
        const p = await ok(EnterpriseList, `/api/enterprises?${query}${sep}pageSize=500&page=${page}`);
        all.push(...p.items);
        if (all.length >= p.total || p.items.length === 0) return all;
      }
    },
    stats: (query = "") => ok(Stats, `/api/stats${query ? `?${query}` : ""}`),
    districts: () => ok(z.array(District), "/api/districts"),
    patch: (id, change, headers) =>
      api(`/api/enterprises/${id}`, { method: "PATCH", json: change, ...(headers ? { headers } : {}) }),
    async close() {
      try {
        await app.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The error of a reply, checked against the contract's one error shape. */
export function errorOf(reply: Reply) {
  const { error } = ApiError.parse(reply.body);
  // zod rebuilds `fields` as a fresh object, where a field named "__proto__" would vanish; keep the one sent.
  const sent = (reply.body as { error: Pick<typeof error, "fields" | "fieldCodes"> }).error;
  return {
    ...error,
    ...(sent.fields ? { fields: sent.fields } : {}),
    ...(sent.fieldCodes ? { fieldCodes: sent.fieldCodes } : {}),
  };
}
