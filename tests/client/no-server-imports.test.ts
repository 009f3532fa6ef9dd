// The pages share rules with the server only through contract/: a client file that imports from
// server/ would ship server code to the browser and let the two sides drift apart again.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const clientDir = join(root, "client");
const serverDir = join(root, "server");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(path);
    return /\.(ts|html)$/.test(d.name) ? [path] : [];
  });
}

/** Every module a file names: import … from "x", import "x", import("x"), export … from "x", src="x". */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\bsrc=)["']([^"']+)["']/g)) found.push(m[1]!);
  return found;
}

describe("the client never imports server code", () => {
  it("no file under client/ names a module under server/", () => {
    const offending: string[] = [];
    for (const file of sourceFiles(clientDir)) {
      for (const spec of specifiers(readFileSync(file, "utf8"))) {
        const target = spec.startsWith(".") ? resolve(dirname(file), spec) : resolve(root, spec);
        if (target === serverDir || target.startsWith(serverDir + "/"))
          offending.push(`${relative(root, file)} → ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("the check sees an import of server code when there is one", () => {
    const text = `import { x } from "../../../server/domain/rules.ts";`;
    const file = join(clientDir, "src/editor/form.ts");
    const target = resolve(dirname(file), specifiers(text)[0]!);
    expect(target.startsWith(serverDir + "/")).toBe(true);
  });
});
