// Import: rows per second for a 20,000-row upload, once the API has an import.
import { openApiDocument } from "../server/http/openapi.ts";
import type { Measurement } from "./support/context.ts";
import { info } from "./support/table.ts";

export const importRows: Measurement = {
  name: "import",
  async run() {
    const paths = Object.keys((openApiDocument() as { paths?: Record<string, unknown> }).paths ?? {});
    const found = paths.filter((p) => /import/i.test(p));
    const figure = found.length ? `n/a (${found.join(", ")} exists; not measured yet)` : "n/a (no import yet)";
    return [info({ measure: "Import, 20,000-row upload", figure, reference: "—", target: "—" })];
  },
};
