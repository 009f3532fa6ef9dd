// The Express app: JSON API under /api, the OpenAPI document, and the built client.
import fs from "node:fs";
import path from "node:path";
import express from "express";
import helmet from "helmet";
import type { EnterpriseService } from "../services/enterprises.ts";
import type { ReferenceService } from "../services/reference.ts";
import type { Logger } from "../log.ts";
import { errorHandler, notFound } from "./errors.ts";
import { openApiDocument } from "./openapi.ts";
import { enterprisesRouter } from "./routes/enterprises.ts";
import { referenceRouter } from "./routes/reference.ts";
import { localWritesOnly } from "./write-guard.ts";

export interface AppDeps {
  enterprises: EnterpriseService;
  reference: ReferenceService;
  health: () => { status: "ok"; seq: number };
  log: Logger;
  clientDir: string;
}

export function createHttpApp(deps: AppDeps) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use(helmet({
    contentSecurityPolicy: {
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "upgrade-insecure-requests": null,
      },
    },
  }));

  const api = express.Router();
  api.use(express.json({ limit: "100kb", strict: true }));
  api.use(localWritesOnly);
  api.get("/health", (_req, res) => { res.json(deps.health()); });
  const doc = openApiDocument();
  api.get("/openapi.json", (_req, res) => { res.json(doc); });
  api.use("/enterprises", enterprisesRouter(deps.enterprises));
  api.use("/", referenceRouter(deps.reference, deps.enterprises));
  api.use(notFound);
  app.use("/api", api);

  if (fs.existsSync(path.join(deps.clientDir, "index.html"))) {
    app.use(express.static(deps.clientDir, { index: "index.html", maxAge: "1h", setHeaders: noCacheForHtml }));
  } else {
    app.get("/", (_req, res) => { res.status(503).type("text").send("The client is not built: run `npm run build` (npm start does it for you)."); });
  }
  app.use(errorHandler(deps.log));
  return app;
}

function noCacheForHtml(res: express.Response, file: string) {
  if (file.endsWith(".html")) res.setHeader("Cache-Control", "no-cache");
}
