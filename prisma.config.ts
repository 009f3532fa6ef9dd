import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma 7's CLI wants a native schema-engine and downloads it when absent, which cannot work
// offline. generate/validate/format never run it, so point it at a stub; migrations go through
// the WASM engine (server/db/schema-engine.ts via `npm run db:migrate`, scripts/migrate.ts); see README, Prisma.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(import.meta.dirname, "scripts/schema-engine-offline.sh");

export default defineConfig({
  schema: "prisma/sqlite/schema.prisma",
});
