// Migrations through Prisma's WASM schema engine (the native one cannot be downloaded here).
// Usage:
//   npm run db:migrate -- deploy                 apply pending migrations to DATABASE_URL
//   npm run db:migrate -- dev --name <name>      write a new migration for BOTH providers from
//                                                prisma/models.prisma (SQLite on a temp file,
//                                                PostgreSQL on DEV_POSTGRES_URL or the local test db)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { migrate } from "../server/db/database.ts";
import { pgMigrateAdapter } from "../server/db/postgres.ts";
import { migrateDev } from "../server/db/schema-engine.ts";
import { loadConfig } from "../server/config.ts";

const [cmd, ...rest] = process.argv.slice(2);
const arg = (n: string) => {
  const i = rest.indexOf(n);
  return i >= 0 ? rest[i + 1] : undefined;
};

if (cmd === "deploy") {
  const { databaseUrl } = loadConfig();
  const applied = await migrate(databaseUrl);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "No pending migrations.");
} else if (cmd === "dev") {
  const name = arg("--name") ?? "migration";
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-migrate-"));
  const sqlite = await migrateDev(
    new PrismaBetterSqlite3({ url: path.join(tmp, "dev.db") }),
    "prisma/sqlite/schema.prisma",
    "prisma/sqlite/migrations",
    name,
  );
  console.log("sqlite:", sqlite.created ?? "schema unchanged");
  const pgUrl = process.env.DEV_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/unionpulse_migrate_dev";
  const postgres = await migrateDev(
    pgMigrateAdapter(pgUrl),
    "prisma/postgres/schema.prisma",
    "prisma/postgres/migrations",
    name,
  );
  // Give both providers' migration the same folder name, so the two histories read alike.
  if (postgres.created && sqlite.created && postgres.created !== sqlite.created) {
    fs.renameSync(
      path.join("prisma/postgres/migrations", postgres.created),
      path.join("prisma/postgres/migrations", sqlite.created),
    );
  }
  console.log("postgres:", sqlite.created ?? postgres.created ?? "schema unchanged");
  fs.rmSync(tmp, { recursive: true, force: true });
} else {
  console.error("usage: npm run db:migrate -- deploy | dev --name <name>");
  process.exit(2);
}
