// The files docs/deploy.md installs are ones their programs accept: the systemd unit passes
// `systemd-analyze verify` and promises a restart and a stop longer than the server's drain, the
// nginx site passes `nginx -t` where Debian's nginx.conf would include it, and the example
// environment is one the server starts with.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { startArguments } from "../../scripts/start-command.ts";
import { NGINX, nginxTest, siteFor, writeHarness } from "./support/nginx-harness.ts";
import { freePort } from "../support/free-ports.ts";
import { ROOT } from "./support/processes.ts";

const UNIT = path.join(ROOT, "deploy/systemd/unionpulse@.service");
const ENV_EXAMPLE = path.join(ROOT, "deploy/unionpulse.env.example");
const SYSTEMD_ANALYZE = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].find((p) => fs.existsSync(p));

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-deploy-files-"));
  fs.chmodSync(d, 0o755);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The unit's settings as key → values (a key may repeat). */
function unitSettings(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!]);
  }
  return out;
}

describe("deploy/systemd/unionpulse@.service", () => {
  it.skipIf(!SYSTEMD_ANALYZE)("systemd-analyze verify finds nothing to say about an instance of it", async () => {
    const dir = tempDir();
    const instance = path.join(dir, "unionpulse@3001.service");
    fs.copyFileSync(UNIT, instance);
    // verify exits 0 even on unknown keys or bad values: it warns, so any output is a failure.
    const { stdout, stderr } = await promisify(execFile)(SYSTEMD_ANALYZE!, ["verify", "--man=no", instance], {
      cwd: dir,
    });
    expect(stdout + stderr).toBe("");
  });

  it("restarts a process whatever ends it, and stops it with SIGTERM, waiting longer than the server drains", () => {
    const s = unitSettings(fs.readFileSync(UNIT, "utf8"));
    expect(s.get("Restart")).toEqual(["always"]);
    expect(s.get("StartLimitIntervalSec")).toEqual(["0"]); // never gives up restarting
    expect(s.get("KillSignal")).toEqual(["SIGTERM"]);
    // server/main.ts drains for up to 8 s and forces its own exit at 10 s.
    expect(Number(s.get("TimeoutStopSec")?.[0])).toBeGreaterThan(10);
    expect(s.get("Environment")).toContain("PORT=%i");
    expect(s.get("EnvironmentFile")).toEqual(["/etc/unionpulse/unionpulse.env"]);
  });

  it("runs the built server as `npm start` does", () => {
    const s = unitSettings(fs.readFileSync(UNIT, "utf8"));
    expect(s.get("ExecStart")).toEqual([["/usr/bin/node", ...startArguments()].join(" ")]);
  });
});

describe.skipIf(!fs.existsSync(NGINX))("deploy/nginx/unionpulse.conf", () => {
  it("passes nginx -t included at the http level, as Debian's nginx.conf includes conf.d/*.conf", async () => {
    const dir = tempDir();
    // nginx -t binds the listen address: a free port instead of 80; everything else as shipped.
    const check = await nginxTest(dir, writeHarness(dir, siteFor({ listen: `127.0.0.1:${await freePort()}` })));
    expect(check.output).toContain("test is successful");
    expect(check.ok).toBe(true);
  });

  it("the harness notices a broken site (so the check above can fail)", async () => {
    const dir = tempDir();
    const broken = siteFor({ listen: `127.0.0.1:${await freePort()}` }).replace(
      "hash $remote_addr consistent;",
      "hash;",
    );
    const check = await nginxTest(dir, writeHarness(dir, broken));
    expect(check.ok).toBe(false);
    expect(check.output).toMatch(/invalid number of arguments in "hash"/);
  });
});

describe("deploy/unionpulse.env.example", () => {
  const vars = Object.fromEntries(
    fs
      .readFileSync(ENV_EXAMPLE, "utf8")
      .split("\n")
      .map((l) => /^([A-Z_]+)=(.*)$/.exec(l.trim()))
      .filter((m) => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );

  it("is a configuration the server accepts, with PORT and NODE_ENV from the unit", () => {
    const config = loadConfig({ ...vars, PORT: "3001", NODE_ENV: "production" });
    expect(config.port).toBe(3001);
    expect(config.databaseUrl).toMatch(/^postgresql:\/\//);
    expect(config.redisUrl).toMatch(/^redis:\/\//);
    expect(config.demoAccounts).toBe(false);
    expect(config.secureCookies).toBe(true);
  });

  it("names only settings the README documents", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(Object.keys(vars).length).toBeGreaterThan(3);
    for (const key of Object.keys(vars)) expect(readme, key).toContain(`| \`${key}\` |`);
  });
});
