// /api/enterprises: list with filters, the caller's recently edited, read one, its history, create, update with the version
// edited. Who may write is the service's decision (rights of the Actor authenticate.ts resolved).
import { Router } from "express";
import { EnterpriseCreate, EnterprisePatch } from "../../../contract/enterprise.ts";
import { ListQuery } from "../../../contract/filter.ts";
import { HistoryQuery } from "../../../contract/change-log.ts";
import type { ChangeLogService } from "../../services/change-log.ts";
import type { EnterpriseService } from "../../services/enterprises.ts";
import { actorOf, authorOf } from "../authenticate.ts";
import { idParam, parse } from "../validate.ts";

export function enterprisesRouter(enterprises: EnterpriseService, changeLog: ChangeLogService) {
  const r = Router();

  r.get("/", async (req, res) => {
    const { page, pageSize, sort, ...filter } = parse(ListQuery, req.query, "query");
    const { items, total } = await enterprises.list(filter, page, pageSize, sort);
    res.json({ items, total, page, pageSize });
  });

  // The caller's recently edited enterprises first: an officer's quick way back to their own.
  r.get("/recent", async (req, res) => {
    res.json({ items: await changeLog.recentMine(actorOf(req)) });
  });

  r.get("/:id", async (req, res) => {
    res.json(await enterprises.get(idParam(req.params.id)));
  });

  /** Who changed what and when, newest first. */
  r.get("/:id/history", async (req, res) => {
    const id = idParam(req.params.id);
    const { page, pageSize } = parse(HistoryQuery, req.query, "query");
    res.json(await changeLog.history(actorOf(req), id, page, pageSize));
  });

  r.post("/", async (req, res) => {
    const input = parse(EnterpriseCreate, req.body, "enterprise");
    const created = await enterprises.create(input, authorOf(req));
    res.status(201).location(`/api/enterprises/${created.id}`).json(created);
  });

  r.patch("/:id", async (req, res) => {
    const id = idParam(req.params.id);
    const patch = parse(EnterprisePatch, req.body, "change");
    res.json(await enterprises.update(id, patch, authorOf(req)));
  });

  /** Erases a record created by mistake (administrators; audited, history kept). */
  r.delete("/:id", async (req, res) => {
    res.json(await enterprises.erase(idParam(req.params.id), authorOf(req)));
  });

  return r;
}
