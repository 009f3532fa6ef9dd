// Sends realistic updates through the public API at a chosen rate, so a dashboard or a wall
// display can be watched live.
//   npm run simulate -- [--url http://127.0.0.1:3000] [--rate 2] [--duration 0] [--seed 1]
//                       [--user admin] [--password …]
// rate: changes per second; duration: seconds (0 = until Ctrl+C). It logs in like a person (an
// administrator, or an editor for his districts' enterprises only; default: the demo "admin" with
// the demo password, or UNIONPULSE_USER / UNIONPULSE_PASSWORD) and marks its changes as the simulator's.
import type { Me } from "../contract/accounts.ts";
import type { Enterprise, EnterpriseList } from "../contract/enterprise.ts";
import { DEMO_PASSWORD } from "../server/seed/demo-accounts.ts";
import { randomSource } from "../server/seed/random.ts";
import { simulatedChange } from "../server/seed/simulated-change.ts";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const base = opt("url", process.env.UNIONPULSE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const rate = Number(opt("rate", "2"));
const duration = Number(opt("duration", "0"));
const r = randomSource(Number(opt("seed", String(Date.now() % 1e9))));
if (!(rate > 0 && rate <= 1000)) throw new Error("--rate must be between 0 and 1000 changes per second");
const user = opt("user", process.env.UNIONPULSE_USER ?? "admin");
const password = opt("password", process.env.UNIONPULSE_PASSWORD ?? DEMO_PASSWORD);

const login = await fetch(`${base}/api/auth/login`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ username: user, password }),
});
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(";")[0]!)
  .find((c) => c.startsWith("up_session="));
if (login.status !== 200 || !cookie)
  throw new Error(
    `logging in as ${user} at ${base}: ${login.status} ${await login.text()} (give --user and --password)`,
  );

async function call<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    ...init,
    headers: { "content-type": "application/json", "x-change-source": "simulator", cookie: cookie!, ...init?.headers },
  });
  return { status: res.status, body: (await res.json()) as T };
}

// An editor may change his districts' enterprises only: pick among those.
const { body: me } = await call<Me>("/api/me");
const scope = me.role === "EDITOR" ? `&district=${me.districtIds.join(",")}` : "";
const { body: first } = await call<EnterpriseList>(`/api/enterprises?pageSize=1${scope}`);
const total = first.total;
if (!total) throw new Error(`${base} has no enterprises to update`);
console.log(
  `simulating ${rate} change(s)/s against ${base} (${total} enterprises)${duration ? ` for ${duration} s` : ""}; Ctrl+C stops`,
);

let sent = 0,
  accepted = 0,
  conflicts = 0,
  failed = 0;
const started = Date.now();
const tick = async () => {
  sent++;
  const page = r.int(1, total);
  const { body } = await call<EnterpriseList>(`/api/enterprises?pageSize=1&page=${page}&sort=name${scope}`);
  const e = body.items[0];
  if (!e) return;
  const res = await call<Enterprise | { error: { code: string; message: string } }>(`/api/enterprises/${e.id}`, {
    method: "PATCH",
    body: JSON.stringify(simulatedChange(e, r)),
  });
  if (res.status === 200) accepted++;
  else if (res.status === 409) conflicts++;
  else {
    failed++;
    console.error(`PATCH ${e.id}: ${res.status}`, res.body);
  }
};

const timer = setInterval(() => {
  if (duration && Date.now() - started >= duration * 1000) return stop();
  tick().catch((err) => {
    failed++;
    console.error(String(err));
  });
}, 1000 / rate);
const report = setInterval(
  () => console.log(`sent ${sent}, accepted ${accepted}, conflicts ${conflicts}, failed ${failed}`),
  10_000,
);
function stop() {
  clearInterval(timer);
  clearInterval(report);
  console.log(`done: sent ${sent}, accepted ${accepted}, conflicts ${conflicts}, failed ${failed}`);
  setTimeout(() => process.exit(failed ? 1 : 0), 200);
}
process.on("SIGINT", stop);
