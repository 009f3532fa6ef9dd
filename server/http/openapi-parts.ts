// The pieces every OpenAPI module (openapi-*.ts) builds its paths from: JSON Schema from the
// contract's zod schemas, a JSON answer, the error answer, a JSON body, query parameters from a zod
// object (each with its description), and a file.
import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

export const schema = (s: z.ZodType, io: "input" | "output"): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
};

/** An answer in the product's error shape (`{"error":{"code","message","fields"}}`). */
export const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

export const json = (s: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema: schema(s, "output") } },
});

export const body = (s: z.ZodType) => ({
  required: true,
  content: { "application/json": { schema: schema(s, "input") } },
});

export const query = (s: z.ZodObject) =>
  Object.entries(s.shape).map(([name, field]) => {
    const fs = schema(field as z.ZodType, "input");
    return {
      name,
      in: "query",
      required: false,
      ...(fs.description ? { description: fs.description } : {}),
      schema: fs,
    };
  });

export const binary = { type: "string", format: "binary" };
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
