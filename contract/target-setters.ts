// Who sets targets (issue 12 item 4): administrators and leaders; every reader sees them. Kept apart
// from roles.ts (only targets use it) and from targets.ts (no zod, so every page's menu may import it).
import type { Role } from "./roles.ts";

export const TARGET_SETTERS: readonly Role[] = ["ADMIN", "LEADER"];

export const canSetTargets = (role: string | undefined): boolean =>
  role !== undefined && (TARGET_SETTERS as readonly string[]).includes(role);
