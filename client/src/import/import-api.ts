// The import's two calls: the file as the raw body of a dry run (the server sniffs its type), and
// applying a dry run by its id. Errors come back in the API's one shape.
import type { ApiError } from "../../../contract/errors.ts";
import type { ApplyResult, DryRun } from "../../../contract/import.ts";

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; error: ApiError["error"] };

async function outcome<T>(res: Response): Promise<Outcome<T>> {
  const body = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return { ok: true, value: body as T };
  const error = (body as ApiError | null)?.error ?? { code: "INTERNAL", message: `HTTP ${res.status}` };
  return { ok: false, status: res.status, error };
}

export const importApi = {
  /** `mapping`: the file's headers → a field or "ignore" (remembered by the server for next time). */
  async dryRun(file: File, mapping?: Record<string, string>): Promise<Outcome<DryRun>> {
    const query = mapping ? `?mapping=${encodeURIComponent(JSON.stringify(mapping))}` : "";
    return outcome(
      await fetch(`/api/import/dry-run${query}`, {
        method: "POST",
        headers: { "content-type": file.type || "application/octet-stream" },
        body: file,
      }),
    );
  },
  async apply(importId: string): Promise<Outcome<ApplyResult>> {
    return outcome(await fetch(`/api/import/${encodeURIComponent(importId)}/apply`, { method: "POST" }));
  },
};
