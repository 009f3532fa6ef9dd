// Reads and writes of user accounts and the districts an editor may edit, named by what they answer.
import type { Db } from "./database.ts";

/** What the services need of a user (never the password hash, unless asked for by name). */
export const USER_SELECT = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  organisation: true,
  disabled: true,
  createdAt: true,
  passwordChangedAt: true,
  districts: { select: { districtId: true } },
} as const;

export type UserRow = {
  id: number;
  username: string;
  displayName: string;
  role: string;
  organisation: string | null;
  disabled: boolean;
  createdAt: Date;
  passwordChangedAt: Date;
  districts: { districtId: number }[];
};

export const userWithHashByUsername = (db: Db, username: string) =>
  db.user.findUnique({ where: { username }, select: { ...USER_SELECT, passwordHash: true } });

export const userById = (db: Db, id: number): Promise<UserRow | null> =>
  db.user.findUnique({ where: { id }, select: USER_SELECT });

export const passwordHashOf = async (db: Db, id: number): Promise<string | null> =>
  (await db.user.findUnique({ where: { id }, select: { passwordHash: true } }))?.passwordHash ?? null;

export const isUsernameTaken = async (db: Db, username: string): Promise<boolean> =>
  (await db.user.findUnique({ where: { username }, select: { id: true } })) !== null;

export const usersByUsername = (db: Db): Promise<UserRow[]> =>
  db.user.findMany({ select: USER_SELECT, orderBy: { username: "asc" } });

export const userCount = (db: Db): Promise<number> => db.user.count();

/** Of ids, those that are units, with their code and whether they are active. */
export const knownDistricts = async (
  db: Db,
  ids: readonly number[],
): Promise<Map<number, { code: string; active: boolean }>> =>
  new Map(
    (
      await db.district.findMany({ where: { id: { in: [...ids] } }, select: { id: true, code: true, active: true } })
    ).map((d) => [d.id, { code: d.code, active: d.active }]),
  );

export const setPasswordHash = (db: Db, id: number, passwordHash: string) =>
  db.user.update({ where: { id }, data: { passwordHash, passwordChangedAt: new Date() } });

export const insertUser = (
  db: Db,
  u: {
    username: string;
    displayName: string;
    role: string;
    organisation: string | null;
    passwordHash: string;
    districtIds: number[];
  },
): Promise<UserRow> =>
  db.user.create({
    data: {
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      organisation: u.organisation,
      passwordHash: u.passwordHash,
      districts: { create: u.districtIds.map((districtId) => ({ districtId })) },
    },
    select: USER_SELECT,
  });

/** Changes a user and, when districtIds is given, replaces his districts, in one transaction. */
export const updateUserRow = (
  db: Db,
  id: number,
  change: {
    displayName?: string;
    role?: string;
    organisation?: string | null;
    disabled?: boolean;
    passwordHash?: string;
  },
  districtIds: number[] | undefined,
): Promise<UserRow> =>
  db.$transaction(async (tx) => {
    if (districtIds) {
      await tx.userDistrict.deleteMany({ where: { userId: id } });
      if (districtIds.length)
        await tx.userDistrict.createMany({ data: districtIds.map((districtId) => ({ userId: id, districtId })) });
    }
    return tx.user.update({
      where: { id },
      data: {
        ...(change.displayName ? { displayName: change.displayName } : {}),
        ...(change.role ? { role: change.role } : {}),
        ...(change.organisation !== undefined ? { organisation: change.organisation } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(change.passwordHash ? { passwordHash: change.passwordHash, passwordChangedAt: new Date() } : {}),
      },
      select: USER_SELECT,
    });
  });
