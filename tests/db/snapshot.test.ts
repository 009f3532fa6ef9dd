// The aggregates' rebuild reads SQLite raw, on a connection of its own: see tests/support/snapshot-check.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { checkSnapshotReader } from "../support/snapshot-check.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-snapshot-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the rebuild's snapshot of a SQLite file", () => {
  it("equals a recount as of its sequence number, whatever another connection commits meanwhile", async () => {
    await checkSnapshotReader(`file:${path.join(dir, "app.db")}`);
  }, 60_000); // seeding a province takes a while on a loaded machine
});
