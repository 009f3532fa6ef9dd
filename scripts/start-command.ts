// How `npm start` runs the built server, read from package.json's "start" script (`npm run build &&
// node <arguments>`), so that the cluster script, the start-up bench and the test of the bundle start
// the server exactly as `npm start` does, and a change to that script reaches them all.
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");

/** Node's arguments after the build in `npm start`, e.g. ["--enable-source-maps", "dist/server/main.js"]. */
export function startArguments(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } };
  const m = /^npm run build && node (.+)$/.exec(pkg.scripts.start);
  if (!m) throw new Error(`package.json's start script is not "npm run build && node …": ${pkg.scripts.start}`);
  return m[1]!.split(/\s+/);
}

/** The built server's entry, with what to do when it is missing. */
export function builtServer(): string {
  const entry = startArguments().find((a) => a.endsWith(".js"));
  if (!entry || !fs.existsSync(path.join(ROOT, entry)))
    throw new Error(`the server is not built (${entry ?? "no entry in npm start"}): run \`npm run build\` first`);
  return entry;
}
