// Sends realistic updates through the public API at a chosen rate, so a dashboard or a wall
// display can be watched live.
//   npm run simulate -- [--url http://127.0.0.1:3000] [--rate 2] [--duration 0] [--seed 1]
//                       [--user admin] [--password …] [--write-limit 300]
// rate: changes per second; duration: seconds (0 = until Ctrl+C). It logs in like a person (an
// administrator, or an editor for his districts' enterprises only; default: the demo "admin" with
// the demo password, or UNIONPULSE_USER / UNIONPULSE_PASSWORD) and marks its changes as the simulator's.
// The server lets one account write WRITE_RATE_LIMIT times a minute (--write-limit, default 300): a
// faster rate is spread over the demo editors too (editor.ap01 … editor.ap09, each in his own
// districts), and an account told to wait (429, Retry-After) rests while the others go on.
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
const writeLimit = Number(opt("write-limit", "300"));
if (!(writeLimit > 0)) throw new Error("--write-limit must be the server's WRITE_RATE_LIMIT (writes a minute)");
/** Changes a second one account may send, with a margin under the server's limit. */
const perAccount = (writeLimit * 0.9) / 60;
const DEMO_EDITORS = Array.from({ length: 9 }, (_, i) => `editor.ap${String(i + 1).padStart(2, "0")}`);

interface Writer {
  name: string;
  cookie: string;
  /** An editor may change his districts' enterprises only: pick among those. */
  scope: string;
  total: number;
  restUntil: number;
}

async function logIn(name: string, pass: string): Promise<Writer | string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: name, password: pass }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("up_session="));
  if (res.status !== 200 || !cookie) return `${res.status} ${await res.text()}`;
  const w: Writer = { name, cookie, scope: "", total: 0, restUntil: 0 };
  const { body: me } = await call<Me>(w, "/api/me");
  w.scope = me.role === "EDITOR" ? `&district=${me.districtIds.join(",")}` : "";
  w.total = (await call<EnterpriseList>(w, `/api/enterprises?pageSize=1${w.scope}`)).body.total;
  return w;
}

async function call<T>(w: Writer, path: string, init?: RequestInit) {
  const res = await fetch(base + path, {
    ...init,
    headers: { "content-type": "application/json", "x-change-source": "simulator", cookie: w.cookie, ...init?.headers },
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

const first = await logIn(user, password);
if (typeof first === "string")
  throw new Error(`logging in as ${user} at ${base}: ${first} (give --user and --password)`);
if (!first.total) throw new Error(`${base} has no enterprises ${user} may update`);
const writers = [first];
for (const editor of DEMO_EDITORS) {
  if (writers.length * perAccount >= rate) break;
  const w = await logIn(editor, DEMO_PASSWORD);
  if (typeof w !== "string" && w.total) writers.push(w);
}
if (writers.length * perAccount < rate) {
  console.error(
    `--rate ${rate} needs ${Math.ceil(rate / perAccount)} accounts at ${writeLimit} writes a minute each; ${writers.length} could log in` +
      ` (${writers.map((w) => w.name).join(", ")}). Lower --rate to ${Math.floor(writers.length * perAccount)}, or raise WRITE_RATE_LIMIT on the server and pass --write-limit.`,
  );
  process.exit(2);
}
console.log(
  `simulating ${rate} change(s)/s against ${base} as ${writers.map((w) => w.name).join(", ")}${duration ? ` for ${duration} s` : ""}; Ctrl+C stops`,
);

let sent = 0,
  accepted = 0,
  conflicts = 0,
  limited = 0,
  failed = 0,
  turn = 0;
const started = Date.now();
/** The next account not resting after a 429, in turn. */
function nextWriter(): Writer | null {
  for (let i = 0; i < writers.length; i++) {
    const w = writers[turn++ % writers.length]!;
    if (w.restUntil <= Date.now()) return w;
  }
  return null;
}

const tick = async () => {
  const w = nextWriter();
  if (!w) {
    limited++; // every account is resting: this change is skipped
    return;
  }
  sent++;
  const page = r.int(1, w.total);
  const { body } = await call<EnterpriseList>(w, `/api/enterprises?pageSize=1&page=${page}&sort=name${w.scope}`);
  const e = body.items[0];
  if (!e) return;
  const res = await call<Enterprise | { error: { code: string; message: string } }>(w, `/api/enterprises/${e.id}`, {
    method: "PATCH",
    body: JSON.stringify(simulatedChange(e, r)),
  });
  if (res.status === 200) accepted++;
  else if (res.status === 409) conflicts++;
  else if (res.status === 429) {
    limited++;
    w.restUntil = Date.now() + Number(res.headers.get("retry-after") ?? 60) * 1000;
    console.error(`${w.name} is at the server's write limit: resting ${res.headers.get("retry-after")} s`);
  } else {
    failed++;
    console.error(`PATCH ${e.id}: ${res.status}`, res.body);
  }
};

const timer = setInterval(() => {
  if (duration && Date.now() - started >= duration * 1000) return stop();
  tick().catch((err) => {
    failed++;
    console.error(String(err), (err as { cause?: { code?: string } }).cause?.code ?? "");
  });
}, 1000 / rate);
const report = setInterval(
  () => console.log(`sent ${sent}, accepted ${accepted}, conflicts ${conflicts}, limited ${limited}, failed ${failed}`),
  10_000,
);
function stop() {
  clearInterval(timer);
  clearInterval(report);
  console.log(`done: sent ${sent}, accepted ${accepted}, conflicts ${conflicts}, limited ${limited}, failed ${failed}`);
  setTimeout(() => process.exit(failed ? 1 : 0), 200);
}
process.on("SIGINT", stop);
