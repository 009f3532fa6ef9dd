// Accounts: logging in and out, sessions, the users an administrator manages, and the read-only
// tokens of wall displays. Sessions and tokens are looked up on every request (no cache), so a
// disabled user, a changed password or a revoked token takes effect at once; the listeners told
// through onEnded close the live connections of what ended.
import type {
  DisplayTokenIssued,
  DisplayTokenView,
  Me,
  PasswordChange,
  UserCreate,
  UserUpdate,
  UserView,
} from "../../contract/accounts.ts";
import { ROLES, type Role } from "../../contract/roles.ts";
import type { Db } from "../db/database.ts";
import {
  displayTokenByHash,
  displayTokenById,
  displayTokensInOrder,
  insertDisplayToken,
  markDisplayTokenRevoked,
} from "../db/display-token-queries.ts";
import {
  deleteSession,
  deleteSessionsOf,
  insertSession,
  sessionWithUser,
  touchSession,
} from "../db/session-queries.ts";
import {
  insertUser,
  isUsernameTaken,
  knownDistrictIds,
  passwordHashOf,
  setPasswordHash,
  updateUserRow,
  userById,
  userCount,
  usersByUsername,
  userWithHashByUsername,
  type UserRow,
} from "../db/user-queries.ts";
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from "../domain/errors.ts";
import { problem } from "../../contract/errors.ts";
import { requireManage, type Actor } from "../domain/rights.ts";
import { digestOf, hashPassword, newSecret, passwordMatches, spendVerifyTime } from "./passwords.ts";

/** A session lives this long after its last use, and never longer than SESSION_MAX_MS. */
export const SESSION_IDLE_MS = 12 * 3600_000;
const SESSION_MAX_MS = 7 * 24 * 3600_000;
/** lastSeenAt/expiresAt are written at most this often per session, not on every request. */
const TOUCH_EVERY_MS = 5 * 60_000;

/** What ended: every session of a user, one session, or a display token. */
export type Ended = { userId: number } | { sessionId: string } | { displayTokenId: number };

const roleOf = (r: string): Role => ((ROLES as readonly string[]).includes(r) ? (r as Role) : "LEADER"); // unknown role in the db: least harm is read-only
const districtsOf = (u: UserRow) => u.districts.map((d) => d.districtId).sort((a, b) => a - b);

function viewOf(u: UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: roleOf(u.role),
    disabled: u.disabled,
    districtIds: districtsOf(u),
    createdAt: u.createdAt.toISOString(),
    passwordChangedAt: u.passwordChangedAt.toISOString(),
  };
}
function actorOfUser(u: UserRow): Actor {
  const role = roleOf(u.role);
  return {
    kind: "user",
    userId: u.id,
    name: u.displayName,
    role,
    districtIds: role === "EDITOR" ? districtsOf(u) : [],
  };
}

export function accountService(db: Db) {
  const listeners = new Set<(e: Ended) => void>();
  const ended = (e: Ended) => {
    for (const l of listeners) l(e);
  };

  async function checkDistricts(ids: readonly number[]) {
    if (!ids.length) return;
    const known = await knownDistrictIds(db, ids);
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length)
      throw new ValidationError({
        districtIds: problem(
          "unknown_district",
          { id: unknown.join(", ") },
          `holds unknown districts (${unknown.join(", ")})`,
        ),
      });
  }

  async function endSessionsOf(userId: number, except?: string) {
    await deleteSessionsOf(db, userId, except);
    ended({ userId });
  }

  const service = {
    /** Tells `listener` whenever sessions or tokens end (to close their live connections). */
    onEnded(listener: (e: Ended) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Checks the password; returns the new session's secret (for the cookie) and who logged in. */
    async login(username: string, password: string): Promise<{ secret: string; actor: Actor }> {
      const user = await userWithHashByUsername(db, username.trim().toLowerCase());
      if (!user) {
        await spendVerifyTime(password);
        throw new UnauthorizedError("Wrong username or password");
      }
      if (!(await passwordMatches(user.passwordHash, password)) || user.disabled)
        throw new UnauthorizedError("Wrong username or password");
      const secret = newSecret();
      const now = new Date();
      await insertSession(db, {
        id: digestOf(secret),
        userId: user.id,
        at: now,
        expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
      });
      return { secret, actor: actorOfUser(user) };
    },

    async logout(secret: string): Promise<void> {
      const id = digestOf(secret);
      await deleteSession(db, id);
      ended({ sessionId: id });
    },

    /** The user of a session cookie, or null when it is unknown, expired or the user is disabled. */
    async sessionActor(secret: string): Promise<Actor | null> {
      const id = digestOf(secret);
      const s = await sessionWithUser(db, id);
      const now = Date.now();
      if (!s || s.user.disabled || s.expiresAt.getTime() <= now) return null;
      if (now - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        const expiresAt = new Date(Math.min(now + SESSION_IDLE_MS, s.createdAt.getTime() + SESSION_MAX_MS));
        await touchSession(db, id, new Date(now), expiresAt);
      }
      return actorOfUser(s.user);
    },

    /** The display a token belongs to, or null when it is unknown or revoked. */
    async displayActor(secret: string): Promise<Actor | null> {
      const t = await displayTokenByHash(db, digestOf(secret));
      if (!t || t.revokedAt) return null;
      return { kind: "display", userId: t.id, name: t.label, role: "DISPLAY", districtIds: [] };
    },

    async me(actor: Actor): Promise<Me> {
      if (actor.kind === "display")
        return {
          kind: "display",
          id: actor.userId,
          username: "",
          displayName: actor.name,
          role: "DISPLAY",
          districtIds: [],
        };
      const u = await userById(db, actor.userId);
      if (!u) throw new UnauthorizedError();
      const a = actorOfUser(u);
      return {
        kind: "user",
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: roleOf(u.role),
        districtIds: [...a.districtIds],
      };
    },

    /** The user's own password; his other sessions end, this one stays. */
    async changeOwnPassword(actor: Actor, currentSecret: string, change: PasswordChange): Promise<void> {
      if (actor.kind !== "user") throw new UnauthorizedError();
      const hash = await passwordHashOf(db, actor.userId);
      if (!hash || !(await passwordMatches(hash, change.currentPassword)))
        throw new ValidationError({ currentPassword: problem("wrong_password") });
      await setPasswordHash(db, actor.userId, await hashPassword(change.newPassword));
      await endSessionsOf(actor.userId, digestOf(currentSecret));
    },

    async listUsers(by: Actor): Promise<UserView[]> {
      requireManage(by);
      return (await usersByUsername(db)).map(viewOf);
    },

    /** by "system": the command line (npm run user:create) and the demo seed, which run on the server itself. */
    async createUser(by: Actor | "system", input: UserCreate): Promise<UserView> {
      if (by !== "system") requireManage(by);
      const username = input.username.toLowerCase();
      const districtIds = input.role === "EDITOR" ? [...new Set(input.districtIds)] : [];
      await checkDistricts(districtIds);
      if (await isUsernameTaken(db, username))
        throw new ConflictError(`The username ${username} is taken`, undefined, { username: problem("taken") });
      const u = await insertUser(db, {
        username,
        displayName: input.displayName,
        role: input.role,
        passwordHash: await hashPassword(input.password),
        districtIds,
      });
      return viewOf(u);
    },

    /** Changes a user; a new password, disabling, or a change of role or districts ends his sessions. */
    async updateUser(by: Actor, id: number, change: UserUpdate): Promise<UserView> {
      requireManage(by);
      const before = await userById(db, id);
      if (!before) throw new NotFoundError(`User ${id} does not exist`);
      if (by.userId === id && (change.disabled === true || (change.role && change.role !== "ADMIN"))) {
        throw new ValidationError({
          [change.disabled ? "disabled" : "role"]: problem("self_demotion"),
        });
      }
      const role = change.role ?? roleOf(before.role);
      const districtIds = change.districtIds ? [...new Set(change.districtIds)] : undefined;
      if (districtIds) await checkDistricts(districtIds);
      const passwordHash = change.password ? await hashPassword(change.password) : undefined;
      // Only an editor keeps districts: a new list, or a role that is not EDITOR, replaces them.
      const newDistricts =
        districtIds || role !== "EDITOR" ? (role === "EDITOR" ? (districtIds ?? []) : []) : undefined;
      const u = await updateUserRow(
        db,
        id,
        {
          ...(change.displayName ? { displayName: change.displayName } : {}),
          ...(change.role ? { role: change.role } : {}),
          ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
          ...(passwordHash ? { passwordHash } : {}),
        },
        newDistricts,
      );
      // Rights are read per request, so a change of role or districts applies at once; these end the login itself.
      if (change.password || change.disabled === true) await endSessionsOf(id);
      return viewOf(u);
    },

    async listDisplayTokens(by: Actor): Promise<DisplayTokenView[]> {
      requireManage(by);
      return (await displayTokensInOrder(db)).map(tokenView);
    },

    /** The token itself is in this answer only: it is stored as a digest. */
    async issueDisplayToken(by: Actor, label: string): Promise<DisplayTokenIssued> {
      requireManage(by);
      const token = newSecret();
      const t = await insertDisplayToken(db, { tokenHash: digestOf(token), label, createdBy: by.userId });
      return { ...tokenView(t), token };
    },

    async revokeDisplayToken(by: Actor, id: number): Promise<DisplayTokenView> {
      requireManage(by);
      const t = await displayTokenById(db, id);
      if (!t) throw new NotFoundError(`Display token ${id} does not exist`);
      const revoked = t.revokedAt ? t : await markDisplayTokenRevoked(db, id);
      ended({ displayTokenId: id });
      return tokenView(revoked);
    },

    countUsers: () => userCount(db),
  };
  return service;
}
export type AccountService = ReturnType<typeof accountService>;

function tokenView(t: {
  id: number;
  label: string;
  createdBy: number;
  createdAt: Date;
  revokedAt: Date | null;
}): DisplayTokenView {
  return {
    id: t.id,
    label: t.label,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
