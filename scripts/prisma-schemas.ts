// Writes one Prisma schema per provider from prisma/models.prisma, so SQLite (embedded
// default) and PostgreSQL (scale) share one model. Run by `npm run db:generate`;
// `--check` exits 1 when a written schema is out of date (used by the tests).
import fs from "node:fs";
import path from "node:path";

export const PROVIDERS = ["sqlite", "postgres"] as const;
const root = path.resolve(import.meta.dirname, "..");

export function schemaFor(provider: (typeof PROVIDERS)[number]): string {
  const models = fs.readFileSync(path.join(root, "prisma/models.prisma"), "utf8");
  const dbProvider = provider === "postgres" ? "postgresql" : "sqlite";
  return `// GENERATED from prisma/models.prisma by scripts/prisma-schemas.ts: do not edit.
generator client {
  provider = "prisma-client"
  output   = "../../server/db/generated/${provider}"
}

datasource db {
  provider = "${dbProvider}"
}

${models}`;
}

export const schemaPath = (provider: (typeof PROVIDERS)[number]) =>
  path.join(root, "prisma", provider, "schema.prisma");

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const check = process.argv.includes("--check");
  let stale = false;
  for (const p of PROVIDERS) {
    const want = schemaFor(p);
    const file = schemaPath(p);
    const have = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (have === want) continue;
    if (check) {
      console.error(`${file} is out of date: run npm run db:generate`);
      stale = true;
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, want);
    console.log(`wrote ${path.relative(root, file)}`);
  }
  process.exit(stale ? 1 : 0);
}
