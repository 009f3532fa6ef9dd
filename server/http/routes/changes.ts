// /api/changes: the latest accepted changes, newest first, for a wall display's ticker; the same
// filters as the statistics (district, ownership, nonState) narrow it to what the display shows.
import { Router } from "express";
import { BROWSE_KEYS, ChangeLogQuery } from "../../../contract/change-log.ts";
import { ChangesQuery } from "../../../contract/changes.ts";
import type { ChangeLogService } from "../../services/change-log.ts";
import type { EnterpriseService } from "../../services/enterprises.ts";
import { actorOf } from "../authenticate.ts";
import { parse } from "../validate.ts";

export function changesRouter(enterprises: EnterpriseService, changeLog?: ChangeLogService) {
  const r = Router();
  r.get("/", async (req, res) => {
    // With user, from, to, page or pageSize: an administrator browsing the whole log (the audit trail).
    if (changeLog && BROWSE_KEYS.some((k) => k in req.query)) {
      res.json(await changeLog.browse(actorOf(req), parse(ChangeLogQuery, req.query, "query")));
      return;
    }
    const { limit, ...filter } = parse(ChangesQuery, req.query, "query");
    res.json({ items: await enterprises.recentChanges(filter, limit) });
  });
  return r;
}
