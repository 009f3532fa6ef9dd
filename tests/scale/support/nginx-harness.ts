// Runs the repository's nginx site file (deploy/nginx/unionpulse.conf) as it would be included in
// Debian's nginx.conf, but in a temp directory: a main context around it, the listen address and
// the upstream servers swapped for the test's, and an access log that names the upstream of each
// request (so a test can tell which app host a client landed on).
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./processes.ts";

export const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
export const SITE_FILE = path.join(ROOT, "deploy/nginx/unionpulse.conf");

const UPSTREAM_SERVER = /^([ \t]*)server[ \t]+[\w.:[\]-]+:\d+([ \t][^;\n]*)?;[ \t]*\n/gm;
const LISTEN = /^([ \t]*)listen[ \t]+80;[ \t]*$/m;

export interface SiteOptions {
  /** Replaces `listen 80;` (address:port). */
  listen?: string;
  /** Replaces the upstream's server lines (host:port each), keeping the first line's parameters. */
  backends?: string[];
}

/** The site file with the test's listen address and upstreams; throws if the file no longer has what it swaps. */
export function siteFor({ listen, backends }: SiteOptions = {}): string {
  let site = fs.readFileSync(SITE_FILE, "utf8");
  if (listen) {
    if (!LISTEN.test(site)) throw new Error(`${SITE_FILE} has no "listen 80;" line to point at the test's address`);
    site = site.replace(LISTEN, `$1listen ${listen};`);
  }
  if (backends) {
    const lines = [...site.matchAll(UPSTREAM_SERVER)];
    if (!lines.length) throw new Error(`${SITE_FILE} has no upstream server lines to replace`);
    const [first] = lines;
    const indent = first![1]!;
    const params = first![2] ?? "";
    let done = false;
    site = site.replace(UPSTREAM_SERVER, () => {
      if (done) return "";
      done = true;
      return backends.map((b) => `${indent}server ${b}${params};\n`).join("");
    });
  }
  return site;
}

/** A main nginx.conf in `dir` that includes `site` at the http level, as Debian's does with conf.d/*.conf. */
export function writeHarness(dir: string, site: string): string {
  fs.writeFileSync(path.join(dir, "unionpulse.conf"), site);
  const conf = path.join(dir, "nginx.conf");
  fs.writeFileSync(
    conf,
    `# Test harness around deploy/nginx/unionpulse.conf (tests/scale/support/nginx-harness.ts).
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr warn;
events {
  worker_connections 1024;
}
http {
  log_format upstream '$remote_addr $status "$upstream_addr" $request_method $request_uri';
  access_log ${dir}/access.log upstream;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/unionpulse.conf;
}
`,
  );
  return conf;
}

/** `nginx -t` on a harness (inside network namespace `ns` if given: the test binds the listen address). */
export async function nginxTest(dir: string, conf: string, ns?: string): Promise<{ ok: boolean; output: string }> {
  const args = ["-t", "-p", dir, "-e", "stderr", "-c", conf];
  try {
    const { stderr, stdout } = ns
      ? await promisify(execFile)("ip", ["netns", "exec", ns, NGINX, ...args])
      : await promisify(execFile)(NGINX, args);
    return { ok: true, output: stdout + stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: (err.stdout ?? "") + (err.stderr ?? err.message) };
  }
}

/** The upstream (host:port) that last answered each client address (from the harness's access log). */
export function upstreamsByClient(dir: string): Map<string, string> {
  const log = path.join(dir, "access.log");
  const seen = new Map<string, string>();
  if (!fs.existsSync(log)) return seen;
  for (const line of fs.readFileSync(log, "utf8").split("\n")) {
    const m = /^(\S+) \d+ "([^"]*)"/.exec(line);
    // After a retry nginx lists every upstream it tried ("a:3000, b:3000"): the last one answered.
    const last = m?.[2]?.split(", ").pop();
    if (m && last && last !== "-") seen.set(m[1]!, last);
  }
  return seen;
}
