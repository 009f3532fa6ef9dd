// One data model, two providers: the written SQLite and PostgreSQL schemas must be what
// prisma/models.prisma generates, and the SQLite migrations must build exactly that schema.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { describe, expect, it } from "vitest";
import { PROVIDERS, schemaFor, schemaPath } from "../../scripts/prisma-schemas.ts";
import { migrateDiff } from "../../server/db/schema-engine.ts";

const root = path.resolve(import.meta.dirname, "../..");

describe("the Prisma schemas follow prisma/models.prisma", () => {
  for (const provider of PROVIDERS) {
    it(`prisma/${provider}/schema.prisma is up to date`, () => {
      const written = fs.readFileSync(schemaPath(provider), "utf8");
      expect(written).toBe(schemaFor(provider));
      expect(written).toContain(fs.readFileSync(path.join(root, "prisma/models.prisma"), "utf8"));
    });
  }

  it("the two providers differ only in the generator output and the datasource", () => {
    const strip = (s: string) => s.replace(/output\s*=.*\n/, "").replace(/provider\s*=\s*"(sqlite|postgresql)"/, "");
    expect(strip(schemaFor("sqlite"))).toBe(strip(schemaFor("postgres")));
  });

  it("`tsx scripts/prisma-schemas.ts --check` agrees (exit 0)", async () => {
    const run = promisify(execFile);
    const tsx = path.join(root, "node_modules/.bin/tsx");
    const { stderr } = await run(tsx, ["scripts/prisma-schemas.ts", "--check"], { cwd: root });
    expect(stderr).not.toMatch(/out of date/);
  });

  it("the SQLite migrations create exactly the tables the schema describes (no drift)", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-schemas-"));
    try {
      const adapter = new PrismaBetterSqlite3({ url: path.join(tmp, "diff.db") });
      const sql = await migrateDiff(adapter, schemaPath("sqlite"), path.join(root, "prisma/sqlite/migrations"));
      expect(sql.replace(/--.*$/gm, "").trim()).toBe("");
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
