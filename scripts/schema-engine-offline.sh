#!/bin/sh
# Stub for PRISMA_SCHEMA_ENGINE_BINARY: the native schema-engine cannot be downloaded here.
echo "schema-engine is not available offline; use 'npm run db:migrate' (WASM schema engine) instead" >&2
exit 1
