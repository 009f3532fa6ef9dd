// The database host of a multi-host test: its own PostgreSQL (Debian's binaries, a fresh cluster
// in a temp directory, run as the postgres user) and its own redis-server, both listening on the
// host's LAN address only.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { createClient } from "redis";
import { waitFor, type Host, type Lan, type NetProcess } from "./netns.ts";

/** Debian's PostgreSQL server binaries (the newest installed version), or null. */
export function postgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin/initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

export const REDIS_SERVER = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((p) => fs.existsSync(p));

/** Runs a program as the postgres user (PostgreSQL refuses to run as root); setpriv execs, so the pid is the program's. */
const asPostgres = (cmd: string, args: string[]) => [
  "/usr/bin/setpriv",
  "--reuid=postgres",
  "--regid=postgres",
  "--clear-groups",
  "--",
  cmd,
  ...args,
];

export interface DatabaseHost {
  postgres: NetProcess;
  redis: NetProcess;
  /** postgresql://postgres@<address>:5432/unionpulse (trust for the LAN). */
  databaseUrl: string;
  redisUrl: string;
}

export async function startDatabaseHost(lan: Lan, host: Host): Promise<DatabaseHost> {
  const bin = postgresBin();
  if (!bin)
    throw new Error("PostgreSQL's server binaries are missing (/usr/lib/postgresql/*/bin): apt-get install postgresql");
  if (!REDIS_SERVER) throw new Error("redis-server is missing: apt-get install redis-server");

  const pgDir = lan.tempDir("pg");
  const data = path.join(pgDir, "data");
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  fs.chownSync(pgDir, uid, gid);
  const [initdb, ...initArgs] = asPostgres(path.join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "--no-sync",
    "-E",
    "UTF8",
    "--locale=C",
  ]);
  execFileSync(initdb!, initArgs, { stdio: "pipe", cwd: pgDir });
  // Trust for the test LAN only: the app hosts connect over it, as they would over a private network.
  fs.appendFileSync(path.join(data, "pg_hba.conf"), `host all all ${lan.prefix}.0/24 trust\n`);

  const [pgCmd, ...pgArgs] = asPostgres(path.join(bin, "postgres"), [
    "-D",
    data,
    "-c",
    `listen_addresses=${host.address}`,
    "-c",
    "port=5432",
    "-c",
    `unix_socket_directories=${pgDir}`,
    "-c",
    "fsync=off", // the test kills app hosts, never the database host
    "-c",
    "max_connections=100",
  ]);
  const postgres = host.spawn(pgCmd!, pgArgs, { name: "postgres" });
  const redis = host.spawn(
    REDIS_SERVER,
    [
      "--bind",
      host.address,
      "--port",
      "6379",
      "--save",
      "",
      "--appendonly",
      "no",
      "--protected-mode",
      "no",
      "--dir",
      lan.tempDir("redis"),
    ],
    { name: "redis" },
  );

  const server = `postgresql://postgres@${host.address}:5432/postgres`;
  await waitFor(
    async () => {
      if (!postgres.running) throw new Error("exited");
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      try {
        await c.query("CREATE DATABASE unionpulse");
      } finally {
        await c.end();
      }
      return true;
    },
    20_000,
    () => `PostgreSQL on ${host.address}:\n${postgres.output()}`,
    200,
  );
  const redisUrl = `redis://${host.address}:6379`;
  await waitFor(
    async () => {
      const r = createClient({ url: redisUrl });
      r.on("error", () => {});
      await r.connect();
      try {
        return (await r.ping()) === "PONG" ? true : undefined;
      } finally {
        r.destroy();
      }
    },
    10_000,
    () => `redis-server on ${host.address}:\n${redis.output()}`,
    200,
  );
  return { postgres, redis, databaseUrl: `postgresql://postgres@${host.address}:5432/unionpulse`, redisUrl };
}
