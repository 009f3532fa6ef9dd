// /api/users and /api/display-tokens: the administrator's accounts and wall-display tokens.
// The service checks that the caller is an administrator.
import { Router } from "express";
import { DisplayTokenCreate, UserCreate, UserUpdate } from "../../../contract/accounts.ts";
import type { AccountService } from "../../services/accounts.ts";
import { actorOf } from "../authenticate.ts";
import { idParam, parse } from "../validate.ts";

export function usersRouter(accounts: AccountService) {
  const r = Router();

  r.get("/users", async (req, res) => {
    res.json({ items: await accounts.listUsers(actorOf(req)) });
  });
  r.post("/users", async (req, res) => {
    const by = actorOf(req);
    const created = await accounts.createUser(by, parse(UserCreate, req.body, "user"));
    res.status(201).location(`/api/users/${created.id}`).json(created);
  });
  r.patch("/users/:id", async (req, res) => {
    const by = actorOf(req);
    res.json(await accounts.updateUser(by, idParam(req.params.id), parse(UserUpdate, req.body, "user change")));
  });

  r.get("/display-tokens", async (req, res) => {
    res.json({ items: await accounts.listDisplayTokens(actorOf(req)) });
  });
  r.post("/display-tokens", async (req, res) => {
    const by = actorOf(req);
    const issued = await accounts.issueDisplayToken(by, parse(DisplayTokenCreate, req.body, "display token").label);
    res.setHeader("Cache-Control", "no-store");
    res.status(201).json(issued);
  });
  r.delete("/display-tokens/:id", async (req, res) => {
    res.json(await accounts.revokeDisplayToken(actorOf(req), idParam(req.params.id)));
  });

  return r;
}
