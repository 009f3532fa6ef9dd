// Accounts: logging in and out, sessions, the users an administrator manages, and the read-only
// tokens of wall displays. A session or token found in the database is trusted for a few seconds
// (CREDENTIAL_CACHE_MS) without asking again; whatever ends or changes it (logout, a new password,
// disabling, a change of role or districts, revocation) drops it from the cache at once, here and,
// through onInvalidated and the cluster link, in every other process. The listeners told through
// onEnded close the live connections of what ended.
import {
  organisationProblem,
  type DisplayTokenIssued,
  type DisplayTokenView,
  type Me,
  type PasswordChange,
  type UserCreate,
  type UserUpdate,
  type UserView,
} from "../../contract/accounts.ts";
import type { CredentialInvalidation } from "../../contract/events.ts";
import { PARTNER_ORGANISATIONS, ROLES, type PartnerOrganisation, type Role } from "../../contract/roles.ts";
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
  knownDistricts,
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

/** A session or token read from the database answers from memory this long; the cache only saves
 *  reads, never outlives an invalidation (which is immediate), and bounds a lost one. */
export const CREDENTIAL_CACHE_MS = 10_000;
const CACHE_MAX_ENTRIES = 20_000;

/** What ended: every session of a user, one session, or a display token. */
export type Ended = { userId: number } | { sessionId: string } | { displayTokenId: number };
/** What makes a cached credential stale: something ended, or a user's role, districts or name
 *  changed (his sessions go on, with the new rights), or everything (after a lost link). */
export type Invalidation = CredentialInvalidation;

interface CachedCredential {
  actor: Actor;
  /** Trusted until then without a read. */
  until: number;
  /** The session's own limits (sessions only). */
  expiresAt?: number;
  lastSeenAt?: number;
}

const roleOf = (r: string): Role => ((ROLES as readonly string[]).includes(r) ? (r as Role) : "LEADER"); // unknown role in the db: least harm is read-only
/** A partner's organisation as stored; anything else (or another role) is none. */
const organisationOf = (u: UserRow): PartnerOrganisation | null =>
  roleOf(u.role) === "PARTNER" && (PARTNER_ORGANISATIONS as readonly (string | null)[]).includes(u.organisation)
    ? (u.organisation as PartnerOrganisation)
    : null;
const districtsOf = (u: UserRow) => u.districts.map((d) => d.districtId).sort((a, b) => a - b);

function viewOf(u: UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: roleOf(u.role),
    disabled: u.disabled,
    districtIds: districtsOf(u),
    organisation: organisationOf(u),
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
    organisation: organisationOf(u),
  };
}

export function accountService(db: Db, opts: { cacheMs?: number } = {}) {
  const cacheMs = opts.cacheMs ?? CREDENTIAL_CACHE_MS;
  const listeners = new Set<(e: Ended) => void>();
  const invalidationListeners = new Set<(i: Invalidation) => void>();
  /** "s:<session digest>" or "t:<token digest>" → who it is. */
  const cache = new Map<string, CachedCredential>();
  /** Bumped by every invalidation: a read that started before one must not refill the cache. */
  let generation = 0;

  const forget = (i: Invalidation) => {
    generation++;
    if ("all" in i) return cache.clear();
    const e = "ended" in i ? i.ended : { userId: i.userChanged };
    if ("sessionId" in e) return void cache.delete(`s:${e.sessionId}`);
    for (const [key, c] of cache) {
      const hit =
        "userId" in e
          ? c.actor.kind === "user" && c.actor.userId === e.userId
          : c.actor.kind === "display" && c.actor.userId === e.displayTokenId;
      if (hit) cache.delete(key);
    }
  };
  const remember = (key: string, readAt: number, c: Omit<CachedCredential, "until">) => {
    if (cacheMs <= 0) return;
    if (cache.size >= CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!); // the oldest
    cache.set(key, { ...c, until: readAt + cacheMs });
  };
  /** Here: drop from the cache, tell the other processes, close the live connections. */
  const invalidated = (i: Invalidation) => {
    forget(i);
    for (const l of invalidationListeners) l(i);
    if ("ended" in i) for (const l of listeners) l(i.ended);
  };
  const ended = (e: Ended) => invalidated({ ended: e });

  /** Units an editor may be given: known ones, and active ones (a retired unit has nothing left to
   *  edit) unless he holds it already (a split lists its editors for the administrator to reassign). */
  async function checkDistricts(ids: readonly number[], held: readonly number[] = []) {
    if (!ids.length) return;
    const known = await knownDistricts(db, ids);
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length)
      throw new ValidationError({
        districtIds: problem(
          "unknown_district",
          { id: unknown.join(", ") },
          `holds unknown districts (${unknown.join(", ")})`,
        ),
      });
    const retired = ids.filter((id) => !known.get(id)!.active && !held.includes(id)).map((id) => known.get(id)!.code);
    if (retired.length)
      throw new ValidationError({
        districtIds: problem(
          "unit_retired",
          { unit: retired.join(", ") },
          `holds retired units (${retired.join(", ")}): give the editor an active unit`,
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

    /** Tells `listener` what this process invalidated (to pass on to the other processes). */
    onInvalidated(listener: (i: Invalidation) => void): () => void {
      invalidationListeners.add(listener);
      return () => invalidationListeners.delete(listener);
    },

    /** Another process invalidated credentials (or the link to them was lost): drop them here too and
     *  close this process's live connections of what ended; nothing is passed on again. */
    invalidatedElsewhere(i: Invalidation): void {
      forget(i);
      if ("ended" in i) for (const l of listeners) l(i.ended);
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
      const key = `s:${id}`;
      const started = Date.now();
      const hit = cache.get(key);
      if (hit && hit.until > started && hit.expiresAt! > started && started - hit.lastSeenAt! <= TOUCH_EVERY_MS)
        return hit.actor;
      const seen = generation;
      const s = await sessionWithUser(db, id);
      const now = Date.now();
      if (!s || s.user.disabled || s.expiresAt.getTime() <= now) {
        cache.delete(key);
        return null;
      }
      let { lastSeenAt, expiresAt } = s;
      if (now - lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        expiresAt = new Date(Math.min(now + SESSION_IDLE_MS, s.createdAt.getTime() + SESSION_MAX_MS));
        lastSeenAt = new Date(now);
        await touchSession(db, id, lastSeenAt, expiresAt);
      }
      const actor = actorOfUser(s.user);
      if (seen === generation)
        remember(key, started, { actor, expiresAt: expiresAt.getTime(), lastSeenAt: lastSeenAt.getTime() });
      return actor;
    },

    /** The display a token belongs to, or null when it is unknown or revoked. */
    async displayActor(secret: string): Promise<Actor | null> {
      const tokenHash = digestOf(secret);
      const key = `t:${tokenHash}`;
      const started = Date.now();
      const hit = cache.get(key);
      if (hit && hit.until > started) return hit.actor;
      const seen = generation;
      const t = await displayTokenByHash(db, tokenHash);
      if (!t || t.revokedAt) return null;
      const actor: Actor = { kind: "display", userId: t.id, name: t.label, role: "DISPLAY", districtIds: [] };
      if (seen === generation) remember(key, started, { actor });
      return actor;
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
          organisation: null,
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
        organisation: a.organisation ?? null,
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
      const orgProblem = organisationProblem(input.role, input.organisation);
      if (orgProblem) throw new ValidationError({ organisation: orgProblem });
      await checkDistricts(districtIds);
      if (await isUsernameTaken(db, username))
        throw new ConflictError(`The username ${username} is taken`, undefined, { username: problem("taken") });
      const u = await insertUser(db, {
        username,
        displayName: input.displayName,
        role: input.role,
        organisation: input.organisation ?? null,
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
      // A partner keeps its organisation unless a new one is given; any other role has none.
      const organisation =
        change.organisation !== undefined ? change.organisation : role === "PARTNER" ? organisationOf(before) : null;
      const orgProblem = organisationProblem(role, organisation);
      if (orgProblem) throw new ValidationError({ organisation: orgProblem });
      const districtIds = change.districtIds ? [...new Set(change.districtIds)] : undefined;
      if (districtIds) await checkDistricts(districtIds, districtsOf(before));
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
          organisation: role === "PARTNER" ? organisation : null,
          ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
          ...(passwordHash ? { passwordHash } : {}),
        },
        newDistricts,
      );
      // A change of role, districts or name applies to the next request (the cached rights are dropped);
      // a new password or disabling ends the login itself.
      if (change.password || change.disabled === true) await endSessionsOf(id);
      else invalidated({ userChanged: id });
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
