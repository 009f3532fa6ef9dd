// Creates an account from the server's own machine: the first administrator of a production
// installation, or any account when no administrator is at hand.
//   npm run user:create -- --username an.nguyen --role ADMIN [--name "Nguyễn Văn An"]
//                          [--districts AP01,AP02] [--organisation WOMEN|YOUTH|VETERANS] [--password …]
// A PARTNER account needs --organisation (the partner organisation it belongs to).
// Without --password it asks for one (not echoed), or reads one line from standard input.
// Uses DATABASE_URL / DATA_DIR like the server.
import readline from "node:readline";
import { UserCreate } from "../contract/accounts.ts";
import { fieldErrors } from "../contract/errors.ts";
import { DomainError } from "../server/domain/errors.ts";
import { loadConfig } from "../server/config.ts";
import { migrate, openDatabase } from "../server/db/database.ts";
import { accountService } from "../server/services/accounts.ts";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = readline.createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return "";
  }
  process.stdout.write("Password (at least 10 characters): ");
  process.stdin.setRawMode(true);
  process.stdin.resume();
  let typed = "";
  return new Promise((resolve) => {
    process.stdin.on("data", (b: Buffer) => {
      for (const ch of b.toString("utf8")) {
        if (ch === "\r" || ch === "\n") {
          process.stdin.setRawMode(false);
          process.stdin.pause();
          process.stdout.write("\n");
          resolve(typed);
          return;
        }
        if (ch === "\u0003") process.exit(130);
        typed = ch === "\u007f" ? typed.slice(0, -1) : typed + ch;
      }
    });
  });
}

const username = opt("username");
const role = (opt("role") ?? "").toUpperCase();
if (!username || !role) {
  console.error(
    "usage: npm run user:create -- --username <name> --role ADMIN|LEADER|ANALYST|EDITOR|PARTNER [--name <display name>] [--districts CODE,CODE] [--organisation WOMEN|YOUTH|VETERANS] [--password <password>]",
  );
  process.exit(2);
}
const config = loadConfig();
try {
  await migrate(config.databaseUrl); // a database no server has started on yet
} catch {
  // A running server holds the database (and has migrated it at its start): go on without.
}
const { db } = await openDatabase(config.databaseUrl);
try {
  const codes = (opt("districts") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const districts = await db.district.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } });
  const missing = codes.filter((c) => !districts.some((d) => d.code === c));
  if (missing.length) throw new Error(`unknown district code(s): ${missing.join(", ")}`);
  const input = UserCreate.safeParse({
    username,
    role,
    displayName: opt("name") ?? username,
    districtIds: districts.map((d) => d.id),
    ...(opt("organisation") !== undefined ? { organisation: opt("organisation")!.toUpperCase() } : {}),
    password: opt("password") ?? (await askPassword()),
  });
  if (!input.success)
    throw new Error(
      Object.entries(fieldErrors(input.error.issues))
        .map(([k, v]) => `${k} ${v}`)
        .join("; "),
    );
  const user = await accountService(db).createUser("system", input.data);
  console.log(
    `created ${user.role} ${user.username} (id ${user.id})${user.districtIds.length ? `, districts ${codes.join(", ")}` : ""}${user.organisation ? `, organisation ${user.organisation}` : ""}`,
  );
} catch (e) {
  const fields =
    e instanceof DomainError && e.fields
      ? `: ${Object.entries(e.fields)
          .map(([k, v]) => `${k} ${v.reason}`)
          .join("; ")}`
      : "";
  console.error(`user:create: ${e instanceof Error ? e.message : String(e)}${fields}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
