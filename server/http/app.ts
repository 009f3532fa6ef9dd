// The Express app: JSON API under /api, the OpenAPI document, and the built client.
import fs from "node:fs";
import path from "node:path";
import express, { type RequestHandler } from "express";
import helmet from "helmet";
import type { AccountService } from "../services/accounts.ts";
import type { ChangeLogService } from "../services/change-log.ts";
import type { EnterpriseService } from "../services/enterprises.ts";
import type { ReferenceService } from "../services/reference.ts";
import type { Logger } from "../log.ts";
import { errorHandler, jsonBodiesOnly, notFound } from "./errors.ts";
import { changesRouter } from "./routes/changes.ts";
import { enterprisesRouter } from "./routes/enterprises.ts";
import { healthRouter, type HealthChecks } from "./routes/health.ts";
import { referenceRouter } from "./routes/reference.ts";
import { exportRouter } from "./routes/export.ts";
import { historyRouter } from "./routes/history.ts";
import { reportsRouter } from "./routes/reports.ts";
import { reportFilesRouter } from "./routes/report-files.ts";
import { coordinationRouter } from "./routes/coordination.ts";
import type { ExportService } from "../services/export.ts";
import type { ImportService } from "../services/import.ts";
import { importRouter } from "./routes/import.ts";
import type { HistoryService } from "../services/history.ts";
import type { ReportService } from "../services/report.ts";
import type { ReportFileService } from "../services/report-files.ts";
import { authenticate, sameOriginWrites } from "./authenticate.ts";
import { loginLimiter } from "./login-limiter.ts";
import { corsAllowList } from "./cors.ts";
import { writeLimiter } from "./write-limiter.ts";
import type { Metrics } from "./metrics.ts";
import { memoryLimits, type RateLimitStore } from "./rate-limits.ts";
import { authRouter } from "./routes/auth.ts";
import { usersRouter } from "./routes/users.ts";
import { unitsRouter } from "./routes/units.ts";
import { targetsRouter } from "./routes/targets.ts";
import type { UnitService } from "../services/units.ts";
import type { CoordinationService } from "../services/coordination.ts";
import type { UnitsSheetService } from "../services/units-sheet.ts";
import type { TargetService } from "../services/targets.ts";
import type { TargetsSheetService } from "../services/targets-sheet.ts";
import type { CompletenessService } from "../services/completeness.ts";
import { completenessRouter } from "./routes/completeness.ts";

export interface AppDeps {
  enterprises: EnterpriseService;
  reference: ReferenceService;
  units: UnitService;
  unitsSheet: UnitsSheetService;
  targets: TargetService;
  targetsSheet: TargetsSheetService;
  accounts: AccountService;
  changeLog: ChangeLogService;
  /** Mark the session cookie Secure even when this process sees plain HTTP (TLS ends at a proxy). */
  secureCookies?: boolean;
  history: HistoryService;
  reports: ReportService;
  completeness: CompletenessService;
  reportFiles: ReportFileService;
  coordination: CoordinationService;
  exports: ExportService;
  imports: ImportService;
  health: HealthChecks;
  /** Turns requests away while shutting down and lets shutdown wait for writes in flight (./drain.ts). */
  drain: RequestHandler;
  /** Other origins whose pages may call the API with credentials (CORS_ORIGINS); none by default. */
  corsOrigins?: readonly string[];
  /** Writes per account or display per minute (WRITE_RATE_LIMIT); see ./write-limiter.ts. */
  writeRateLimit?: number;
  /** Where login and write limits count (Redis shared by every process, or memory); memory by default. */
  limits?: RateLimitStore;
  /** Addresses/ranges of the reverse proxies whose X-Forwarded-For is believed (TRUST_PROXY); none by default. */
  trustProxy?: readonly string[];
  /** /metrics and the write counts; absent: no /metrics. */
  metrics?: Metrics;
  /** Who may read /metrics (METRICS_ALLOW); loopback by default. */
  metricsAllow?: readonly string[];
  log: Logger;
  clientDir: string;
}

export function createHttpApp(deps: AppDeps) {
  const app = express();
  app.disable("x-powered-by");
  // Only the proxies the operator names: anyone else's X-Forwarded-For is ignored, so req.ip (the
  // login limiter's address, /metrics's allow-list) cannot be forged.
  app.set("trust proxy", deps.trustProxy?.length ? [...deps.trustProxy] : false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'"],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:", "blob:"],
          // helmet's default would add https: and data: here; our fonts come from our own origin (the wall's).
          "font-src": ["'self'"],
          "connect-src": ["'self'"],
          // The installable app (issue 11): its service worker and manifest, from our own origin only.
          "worker-src": ["'self'"],
          "manifest-src": ["'self'"],
          "object-src": ["'none'"],
          "frame-ancestors": ["'none'"],
          "upgrade-insecure-requests": null,
        },
      },
      // Over plain HTTP the header is meaningless or, on a host with no certificate, harmful: sent
      // below only when the request came over HTTPS (req.secure: TLS here, or a trusted proxy says so).
      strictTransportSecurity: false,
    }),
  );
  app.use((req, res, next) => {
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  });

  if (deps.metrics) app.get("/metrics", deps.metrics.handler(deps.metricsAllow ?? ["loopback"]));

  const limits = deps.limits ?? memoryLimits();
  const api = express.Router();
  if (deps.metrics) api.use(deps.metrics.countWrites);
  api.use(corsAllowList(deps.corsOrigins ?? []));
  api.use(healthRouter(deps.health)); // before the drain guard: a draining process still says it is not ready
  api.use(deps.drain);
  api.use(sameOriginWrites(deps.corsOrigins ?? []));
  // The import's upload is a file, not JSON: its router reads the raw body (after authenticate).
  api.use((req, res, next) =>
    req.path === "/import/dry-run" || req.path === "/districts/import/dry-run" || req.path === "/targets/import/dry-run"
      ? next()
      : jsonBodiesOnly(req, res, next),
  );
  api.use(express.json({ limit: "100kb", strict: true }));
  // Built at the first request, not at start: generating JSON Schema from every contract schema (and
  // loading the modules that describe the paths) took a tenth of the start-up's CPU.
  let doc: Promise<unknown> | null = null;
  api.get("/openapi.json", async (_req, res) => {
    doc ??= import("./openapi.ts")
      .then((m) => m.openApiDocument())
      .catch((e: unknown) => {
        doc = null; // asked again next time
        throw e;
      });
    res.json(await doc);
  });
  // Everything below needs a session or a display token (except logging in); rights are the services'.
  api.use(authenticate(deps.accounts));
  api.use(writeLimiter(deps.writeRateLimit ?? 300, limits));
  api.use(authRouter(deps.accounts, loginLimiter(limits), { secureCookies: deps.secureCookies ?? false }));
  api.use(usersRouter(deps.accounts));
  api.use("/enterprises", enterprisesRouter(deps.enterprises, deps.changeLog));
  api.use("/changes", changesRouter(deps.enterprises, deps.changeLog));
  api.use("/", historyRouter(deps.history));
  api.use("/", reportsRouter(deps.reports));
  api.use("/", completenessRouter(deps.completeness));
  api.use("/", reportFilesRouter(deps.reportFiles));
  api.use("/", coordinationRouter(deps.coordination));
  api.use("/export", exportRouter(deps.exports, deps.log));
  api.use("/import", importRouter(deps.imports));
  api.use("/", unitsRouter(deps.units, deps.unitsSheet));
  api.use("/", targetsRouter(deps.targets, deps.targetsSheet));
  api.use("/", referenceRouter(deps.reference, deps.enterprises, deps.history));
  api.use(notFound);
  app.use("/api", api);

  if (fs.existsSync(path.join(deps.clientDir, "index.html"))) {
    app.get("/wall", (_req, res) => {
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(path.join(deps.clientDir, "wall.html"));
    }); // the wall display, at an address easy to type on a TV
    app.use(express.static(deps.clientDir, { index: "index.html", maxAge: "1h", setHeaders: noCacheForHtml }));
    // Any other address: the product's own 404 page (client/public/404.html), not Express's "Cannot GET".
    app.use((_req, res) => {
      res.status(404).setHeader("Cache-Control", "no-cache");
      res.sendFile(path.join(deps.clientDir, "404.html"));
    });
  } else {
    app.get("/", (_req, res) => {
      res.status(503).type("text").send("The client is not built: run `npm run build` (npm start does it for you).");
    });
  }
  app.use(errorHandler(deps.log));
  return app;
}

/** The pages, the service worker and the manifest are checked with the server on every load, so a
 *  new release reaches users (the worker's precache then updates the rest, by revision). */
function noCacheForHtml(res: express.Response, file: string) {
  const name = path.basename(file);
  if (file.endsWith(".html") || name === "sw.js" || name === "manifest.webmanifest")
    res.setHeader("Cache-Control", "no-cache");
}
