// Password hashing with Argon2id (@node-rs/argon2: maintained, prebuilt binary inside the npm
// package, hashes off the main thread). Parameters are the library's defaults (OWASP's minimum:
// 19 MiB, 2 passes), recorded in each hash so they can be raised later without breaking old ones.
import { hash, verify } from "@node-rs/argon2";
import { createHash, randomBytes } from "node:crypto";

export const hashPassword = (password: string) => hash(password);

export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never matches
  }
}

/** Verified against when the username does not exist, so both cases take as long. */
let decoy: Promise<string> | null = null;
export async function spendVerifyTime(password: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  await passwordMatches(await decoy, password);
}

/** A random secret for a cookie or a display token: 32 bytes, URL-safe. */
export const newSecret = () => randomBytes(32).toString("base64url");
/** Sessions and tokens are stored as this digest, never as the secret itself. */
export const digestOf = (secret: string) => createHash("sha256").update(secret).digest("hex");
