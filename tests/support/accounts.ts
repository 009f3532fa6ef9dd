// Logging in as the app's users do: POST /api/auth/login and the session cookie it sets, kept
// and sent back like a browser's cookie jar. Accounts the tests need are made by the demo
// administrator through the real API.
import { DEMO_PASSWORD } from "../../server/seed/demo-accounts.ts";

export { DEMO_PASSWORD };
export const TEST_PASSWORD = "test-password-123";

/** The session cookie ("up_session=…") from a login answer, or null. */
export function sessionCookieOf(res: Response): string | null {
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(";")[0]!;
    if (pair.startsWith("up_session=") && pair.length > "up_session=".length) return pair;
  }
  return null;
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const cookie = sessionCookieOf(res);
  if (res.status !== 200 || !cookie) throw new Error(`login ${username} at ${base}: ${res.status} ${await res.text()}`);
  return cookie;
}

/** A wall display's read-only token, issued by the administrator whose session cookie is given. */
export async function issueDisplayToken(base: string, cookie: string, label: string): Promise<string> {
  const res = await fetch(`${base}/api/display-tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ label }),
  });
  if (res.status !== 201) throw new Error(`issuing a display token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export interface AccountSpec {
  role?: "ADMIN" | "LEADER" | "ANALYST" | "EDITOR" | "PARTNER";
  districtIds?: number[];
  /** A PARTNER's organisation. */
  organisation?: "WOMEN" | "YOUTH" | "VETERANS";
}

/** A cookie for the person named `displayName` (made on first use, an ADMIN unless said), per server. */
export function accountCache(base: string) {
  const cookies = new Map<string, Promise<string>>();
  let admin: Promise<string> | null = null;
  const adminCookie = () => (admin ??= login(base, "admin", DEMO_PASSWORD));
  let n = 0;
  return {
    adminCookie,
    cookieOf(displayName: string, spec: AccountSpec = {}): Promise<string> {
      const key = `${displayName}|${spec.role ?? "ADMIN"}|${(spec.districtIds ?? []).join(",")}|${spec.organisation ?? ""}`;
      let c = cookies.get(key);
      if (!c) {
        c = (async () => {
          const username = `t${++n}-${Date.now().toString(36)}`.toLowerCase();
          const res = await fetch(`${base}/api/users`, {
            method: "POST",
            headers: { "content-type": "application/json", cookie: await adminCookie() },
            body: JSON.stringify({
              username,
              displayName,
              password: TEST_PASSWORD,
              role: spec.role ?? "ADMIN",
              districtIds: spec.districtIds ?? [],
              ...(spec.organisation ? { organisation: spec.organisation } : {}),
            }),
          });
          if (res.status !== 201) throw new Error(`creating ${displayName}: ${res.status} ${await res.text()}`);
          return login(base, username, TEST_PASSWORD);
        })();
        cookies.set(key, c);
      }
      return c;
    },
  };
}
