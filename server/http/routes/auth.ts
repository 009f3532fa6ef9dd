// /api/auth/login, /api/auth/logout, /api/me and /api/me/password: a person's session, kept in an
// httpOnly, SameSite cookie holding a random secret (the server keeps only its digest).
import { Router } from "express";
import { LoginRequest, PasswordChange } from "../../../contract/accounts.ts";
import { RateLimitedError, UnauthorizedError } from "../../domain/errors.ts";
import type { AccountService } from "../../services/accounts.ts";
import { cookieValue, SESSION_COOKIE } from "../../auth/credentials.ts";
import { actorOf, clearSessionCookie, setSessionCookie } from "../authenticate.ts";
import type { LoginLimiter } from "../login-limiter.ts";
import { parse } from "../validate.ts";

export function authRouter(accounts: AccountService, limiter: LoginLimiter, opts: { secureCookies: boolean }) {
  const r = Router();

  r.post("/auth/login", async (req, res) => {
    const { username, password } = parse(LoginRequest, req.body, "login");
    // req.ip: the real client's address behind the proxies named in TRUST_PROXY, the peer's otherwise.
    const address = req.ip ?? req.socket.remoteAddress ?? "?";
    const verdict = await limiter.check(username, address);
    if (verdict.retryAfterS > 0) {
      res.setHeader("Retry-After", String(verdict.retryAfterS));
      throw new RateLimitedError(
        `Too many failed logins: try again in ${Math.ceil(verdict.retryAfterS / 60)} minute(s)`,
        verdict.retryAfterS,
      );
    }
    if (verdict.delayMs > 0) await new Promise((r) => setTimeout(r, verdict.delayMs));
    try {
      const { secret, actor } = await accounts.login(username, password);
      await limiter.succeeded(username, address);
      setSessionCookie(res, req, secret, opts.secureCookies);
      res.setHeader("Cache-Control", "no-store");
      res.json(await accounts.me(actor));
    } catch (e) {
      if (e instanceof UnauthorizedError) await limiter.failed(username, address);
      throw e;
    }
  });

  r.post("/auth/logout", async (req, res) => {
    const secret = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (secret) await accounts.logout(secret);
    clearSessionCookie(res, req, opts.secureCookies);
    res.status(204).end();
  });

  r.get("/me", async (req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json(await accounts.me(actorOf(req)));
  });

  r.post("/me/password", async (req, res) => {
    const change = parse(PasswordChange, req.body, "password change");
    const secret = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (!secret) throw new UnauthorizedError("Only a logged-in person can change a password");
    await accounts.changeOwnPassword(actorOf(req), secret, change);
    res.status(204).end();
  });

  return r;
}
