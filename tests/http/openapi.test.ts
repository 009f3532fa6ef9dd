// The OpenAPI document describes the API as it is: generated from the same schemas it validates with.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnterpriseCreate, EnterprisePatch } from "../../contract/enterprise.ts";
import { ListQuery } from "../../contract/filter.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

interface Operation {
  requestBody?: {
    content: Record<
      string,
      { schema: { properties?: Record<string, unknown>; required?: string[]; additionalProperties?: unknown } }
    >;
  };
  parameters?: { name: string }[];
  responses?: Record<string, unknown>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

let server: TestServer;
let doc: Document;
beforeAll(async () => {
  server = await startTestServer({ enterprises: 20 });
  const r = await server.api("/api/openapi.json");
  expect(r.status).toBe(200);
  doc = r.body as Document;
});
afterAll(async () => {
  await server?.close();
});

const bodySchema = (op: Operation | undefined) => op?.requestBody?.content["application/json"]?.schema;

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 and lists the enterprise endpoints with their methods", () => {
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths["/api/enterprises"]!).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/enterprises/{id}"]!).sort()).toEqual(["delete", "get", "patch"]);
  });

  it("documents the PATCH body with exactly the fields the contract's EnterprisePatch accepts, version required", () => {
    const schema = bodySchema(doc.paths["/api/enterprises/{id}"]?.patch);
    expect(Object.keys(schema?.properties ?? {}).sort()).toEqual(Object.keys(EnterprisePatch.shape).sort());
    expect(schema?.required).toEqual(["version"]);
    expect(schema?.additionalProperties).toBe(false);
  });

  it("documents the POST body with the fields of EnterpriseCreate", () => {
    const schema = bodySchema(doc.paths["/api/enterprises"]?.post);
    expect(Object.keys(schema?.properties ?? {}).sort()).toEqual(Object.keys(EnterpriseCreate.shape).sort());
  });

  it("says the import dry run answers 429 while another of the same account runs", () => {
    expect(Object.keys(doc.paths["/api/import/dry-run"]?.post?.responses ?? {})).toContain("429");
  });

  it("documents every query parameter of the enterprise list", () => {
    const names = doc.paths["/api/enterprises"]?.get?.parameters?.map((p) => p.name) ?? [];
    expect(names.sort()).toEqual(Object.keys(ListQuery.shape).sort());
  });

  it("every documented GET answers 200", async () => {
    const gets = Object.entries(doc.paths)
      .filter(([, ops]) => ops.get)
      .map(([p]) => p.replace("{id}", "1"));
    expect(gets.length).toBeGreaterThan(0);
    for (const p of gets) expect((await server.api(p)).status, p).toBe(200);
  });

  it("documents every route of the units and the targets with an operationId", () => {
    const ops = [
      ["/api/province", "get"],
      ["/api/province", "put"],
      ["/api/districts", "get"],
      ["/api/districts", "post"],
      ["/api/districts/{id}", "patch"],
      ["/api/districts/{id}/history", "get"],
      ["/api/districts/merge", "post"],
      ["/api/districts/{id}/split", "post"],
      ["/api/districts/{id}/retire", "post"],
      ["/api/districts/template.xlsx", "get"],
      ["/api/districts/import/dry-run", "post"],
      ["/api/districts/import/{importId}/apply", "post"],
      ["/api/enterprises/{id}", "delete"],
      ["/api/targets", "get"],
      ["/api/targets", "put"],
      ["/api/targets/progress", "get"],
      ["/api/targets/history", "get"],
      ["/api/targets/template.xlsx", "get"],
      ["/api/targets/import/dry-run", "post"],
      ["/api/targets/import/{importId}/apply", "post"],
    ] as const;
    for (const [p, m] of ops)
      expect((doc.paths[p]?.[m] as { operationId?: string } | undefined)?.operationId, `${m} ${p}`).toBeTruthy();
  });

  it("documents every public endpoint the server answers, /api/province included", async () => {
    // The endpoints a client can call today; each must answer, and each must be documented.
    const answered = [
      "/api/health",
      "/api/districts",
      "/api/sectors",
      "/api/province",
      "/api/enterprises",
      "/api/enterprises/{id}",
      "/api/stats",
    ];
    for (const p of answered) expect((await server.api(p.replace("{id}", "1"))).status, p).toBe(200);
    expect(
      answered.filter((p) => !(p in doc.paths)),
      "answered but not documented",
    ).toEqual([]);
  });
});
