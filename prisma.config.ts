import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma 7's CLI wants a native schema-engine and downloads it when absent, which cannot work
// offline. generate/validate/format never run it, so point it at a stub; migrations go through
// the WASM engine (server/db/migrator.ts, `npm run db:migrate`). See shared NOTES-PRISMA.md.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(import.meta.dirname, "scripts/schema-engine-offline.sh");

export default defineConfig({
  schema: "prisma/sqlite/schema.prisma",
});
