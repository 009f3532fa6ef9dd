// The demo's accounts, one per role and one editor per district, all with DEMO_PASSWORD (README,
// Accounts). Created only by a demo start (config.demoAccounts), never with NODE_ENV=production.
import type { Role } from "../../contract/roles.ts";
import type { Db } from "../db/database.ts";
import type { AccountService } from "../services/accounts.ts";

export const DEMO_PASSWORD = "unionpulse-demo";

export async function seedDemoAccounts(db: Db, accounts: AccountService): Promise<string[]> {
  // One editor per unit followed today (the former districts are history).
  const districts = await db.district.findMany({
    where: { active: true },
    orderBy: { code: "asc" },
    select: { id: true, code: true, name: true },
  });
  const people: { username: string; displayName: string; role: Role; districtIds: number[] }[] = [
    { username: "admin", displayName: "Quản trị (demo)", role: "ADMIN", districtIds: [] },
    { username: "leader", displayName: "Lãnh đạo LĐLĐ (demo)", role: "LEADER", districtIds: [] },
    { username: "analyst", displayName: "Chuyên viên phân tích (demo)", role: "ANALYST", districtIds: [] },
    ...districts.map((d) => ({
      username: `editor.${d.code.toLowerCase()}`,
      displayName: `Biên tập ${d.name} (demo)`,
      role: "EDITOR" as const,
      districtIds: [d.id],
    })),
  ];
  await Promise.all(people.map((p) => accounts.createUser("system", { ...p, password: DEMO_PASSWORD })));
  return people.map((p) => p.username);
}
