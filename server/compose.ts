// Builds UnionPulse from a configuration: database (migrated, seeded when empty and asked to),
// aggregates, services, HTTP and Socket.io on one port, and with REDIS_URL the link to the other
// processes. Returns a handle that closes it all, gracefully.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "./config.ts";
import { currentSeq } from "./db/change-log.ts";
import { migrate, openDatabase } from "./db/database.ts";
import { refreshPlannerStats } from "./db/sqlite-planner-stats.ts";
import { snapshotReader } from "./db/snapshot.ts";
import { createHttpApp } from "./http/app.ts";
import { createMetrics } from "./http/metrics.ts";
import { memoryLimits } from "./http/rate-limits.ts";
import { writeDrain } from "./http/drain.ts";
import { createLogger, type Logger } from "./log.ts";
import type { Cluster } from "./realtime/cluster.ts";
import { guardSockets } from "./realtime/auth.ts";
import { startRealtime } from "./realtime/io.ts";
import { seedDemoAccounts } from "./seed/demo-accounts.ts";
import { accountService } from "./services/accounts.ts";
import { changeLogService } from "./services/change-log.ts";
import { isEmpty, seedDemo } from "./seed/seed-database.ts";
import { ChangeFeed } from "./services/change-feed.ts";
import { settling } from "./services/settling.ts";
import { cellsFromCheckpoint, checkpointWriter } from "./services/checkpoint.ts";
import { enterpriseService } from "./services/enterprises.ts";
import { referenceService } from "./services/reference.ts";
import { exportService } from "./services/export.ts";
import { workerExports } from "./services/export-threads.ts";
import { importService } from "./services/import.ts";
import { historyService } from "./services/history.ts";
import { periodLedgers } from "./services/period-ledgers.ts";
import { inProcessBuilds, workerBuilds } from "./services/history-worker.ts";
import { inProcessReplays, workerReplays } from "./services/replay-threads.ts";
import { inProcessDryRuns, workerDryRuns } from "./services/dry-run-threads.ts";
import { reportService } from "./services/report.ts";
import { coordinationService } from "./services/coordination.ts";
import { completenessService } from "./services/completeness.ts";
import { reportFileService } from "./services/report-files.ts";
import { unitService } from "./services/units.ts";
import { unitsSheetService } from "./services/units-sheet.ts";
import { targetService } from "./services/targets.ts";
import { targetsSheetService } from "./services/targets-sheet.ts";
import type { UnitsEvent } from "../contract/units.ts";
import type { ReferenceService } from "./services/reference.ts";

/** How long after start-up the history builds begin (HISTORY_PREBUILD). */
const PREBUILD_AFTER_MS = 2_000;
/** How long after a start from the aggregates checkpoint its check against a full count begins. */
const VERIFY_CHECKPOINT_AFTER_MS = 3_000;
/** How often the aggregates checkpoint is written while changes arrive (and once at a graceful stop). */
const CHECKPOINT_EVERY_MS = 5 * 60_000;

export async function startUnionPulse(config: Config, log: Logger = createLogger(config.logLevel)) {
  const applied = await migrate(config.databaseUrl);
  if (applied.length) log.info(`migrations applied: ${applied.join(", ")}`);
  const { db, provider, pool } = await openDatabase(config.databaseUrl, {
    busyTimeoutMs: config.sqliteBusyTimeoutMs,
    syncEdits: config.sqliteSyncEdits,
    directEdits: config.postgresDirectEdits,
    poolSize: config.databasePoolSize,
    waitMs: config.databaseWaitMs,
  });

  if (config.seedDemo === "auto" && (await isEmpty(db))) {
    const t = Date.now();
    const seeded = await seedDemo(db, config.seedEnterprises);
    log.info(
      `empty database: seeded the demo province (${seeded.districts} districts, ${seeded.enterprises} enterprises) in ${Date.now() - t} ms`,
    );
  }

  if (provider === "sqlite") {
    const t = Date.now();
    if (await refreshPlannerStats(db)) log.info(`planner statistics gathered in ${Date.now() - t} ms`);
  }

  const accounts = accountService(db);
  if ((await accounts.countUsers()) === 0) {
    if (config.demoAccounts && !(await isEmpty(db))) {
      const names = await seedDemoAccounts(db, accounts);
      log.info(`demo accounts created (${names.join(", ")}); their password is in the README`);
    } else {
      log.info(
        "no accounts yet: create the first administrator with `npm run user:create -- --username <name> --role ADMIN`",
      );
    }
  }

  const feed = new ChangeFeed(snapshotReader(config.databaseUrl, { busyTimeoutMs: config.sqliteBusyTimeoutMs }), 2000, {
    fromCheckpoint: (snap) => cellsFromCheckpoint(snap),
    log,
    verifyAfterMs: VERIFY_CHECKPOINT_AFTER_MS,
  });
  await feed.rebuild();
  // What this start leaves running in the background: /api/health says "settled" once it is done.
  const settle = settling(log);
  if (feed.verification) settle.track(feed.verification);
  const checkpoints = checkpointWriter(db, feed, { everyMs: CHECKPOINT_EVERY_MS, log });
  // The cluster needs the Socket.io server, which comes last; no write is served before it is set.
  let cluster: Cluster | null = null;
  const enterprises = enterpriseService(db, feed, (changes) => cluster?.share(changes));
  const reference = referenceService(db);
  const builds = config.historyWorker ? workerBuilds(db, { url: config.databaseUrl, log }) : inProcessBuilds(db);
  // Replays of the log (text search, unit filters "as now", figures as of a day) get threads of their
  // own, so none waits behind a build (server/services/replay-threads.ts).
  const replays = config.historyWorker
    ? workerReplays(db, { url: config.databaseUrl, log, threads: config.historyReplayThreads })
    : inProcessReplays(db);
  const history = historyService(db, builds, replays);
  // The exports get threads of their own too: one runs for minutes (server/services/export-threads.ts).
  const exports = config.exportThreads
    ? workerExports(db, { url: config.databaseUrl, log, threads: config.exportThreads })
    : { ...exportService(db), close: async () => {} };
  // An import's dry run (seconds for a large sheet) in a thread of its own (server/services/dry-run-threads.ts).
  const dryRuns = config.historyWorker ? workerDryRuns(db, { url: config.databaseUrl, log }) : inProcessDryRuns(db);
  const imports = importService(db, feed, (changes) => cluster?.share(changes), provider, dryRuns);
  // After a province or unit change every client hears the new list; set once Socket.io is up.
  let announceUnits = () => {};
  const units = unitService(db, {
    feed,
    share: (changes) => cluster?.share(changes),
    unitsChanged: () => announceUnits(),
    provider,
  });
  const unitsSheet = unitsSheetService(db, () => announceUnits());

  let stopping = false;
  const drain = writeDrain();
  const database = () => db.$queryRawUnsafe("SELECT 1");
  const redis = config.redisUrl ? () => cluster?.ping() ?? Promise.reject(new Error("not connected yet")) : null;
  const health = {
    live: () => ({ status: "ok" as const, seq: feed.seq, settled: settle.settled }),
    ready: {
      database,
      accepting: async () => {
        if (stopping) throw new Error("shutting down");
      },
    },
    // Without Redis this process still serves correct figures (its own writes, and the database's
    // through the sequence check once Redis is back): degraded, not out of the balancer.
    optional: redis ? { redis } : undefined,
  };
  // The Redis client is loaded only for a cluster: a single process starts without it.
  const limits = config.redisUrl
    ? (await import("./http/redis-limits.ts")).redisLimits({
        redisUrl: config.redisUrl,
        prefix: config.redisPrefix,
        log,
      })
    : memoryLimits();
  const metrics = createMetrics();
  const ledgers = periodLedgers(db, builds);
  const reports = reportService(db, ledgers);
  const targets = targetService(db, ledgers);
  const app = createHttpApp({
    enterprises,
    reference,
    units,
    unitsSheet,
    targets,
    targetsSheet: targetsSheetService(db, () => targets.targetsChanged()),
    history,
    reports,
    completeness: completenessService(db),
    reportFiles: reportFileService(db, reports),
    coordination: coordinationService(feed, reports),
    exports,
    imports,
    accounts,
    changeLog: changeLogService(db),
    secureCookies: config.secureCookies,
    log,
    clientDir: config.clientDir,
    health,
    drain: drain.guard,
    corsOrigins: config.corsOrigins,
    writeRateLimit: config.writeRateLimit,
    limits,
    trustProxy: config.trustProxy,
    metrics,
    metricsAllow: config.metricsAllow,
  });
  const server = http.createServer(app);
  // Idle keep-alive connections outlive the client's and the proxy's (nginx's upstream keepalive_timeout
  // is 60 s): a server that closed one first races a request being sent on it, and a PATCH lost that
  // way cannot be retried by nginx ("other side closed" / 502 under a burst).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const realtime = startRealtime(server, feed, log, {
    coalesceMs: config.liveCoalesceMs,
    corsOrigins: config.corsOrigins,
    onBatch: metrics.batchSent,
  });
  const unguard = guardSockets(realtime.io, accounts, config.corsOrigins);
  // Cells from a checkpoint found wrong and replaced: dashboards here reconnect and get the new figures.
  const offCorrected = feed.onCorrected(() => realtime.io.local.disconnectSockets());
  // This process's sockets hear the units from this process's read of the database.
  const emitUnitsHere = () =>
    void unitsPayload(reference)
      .then((payload) => realtime.io.local.emit("units", payload))
      .catch((e: unknown) => log.error("could not announce the units", e));
  announceUnits = () => {
    emitUnitsHere();
    cluster?.shareUnitsChanged();
  };
  // A logout, new password or disabling here ends the session in every process at once, not at the
  // next cache expiry or socket re-check.
  const unshareCredentials = accounts.onInvalidated((i) => cluster?.shareCredentials(i));
  if (config.redisUrl) {
    const { joinCluster } = await import("./realtime/cluster.ts");
    cluster = await joinCluster(realtime.io, feed, {
      redisUrl: config.redisUrl,
      prefix: config.redisPrefix,
      latestSeq: () => currentSeq(db),
      onUnitsChanged: emitUnitsHere,
      onCredentials: (i) => accounts.invalidatedElsewhere(i),
      log,
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  metrics.attach(
    {
      sockets: () => realtime.io.engine.clientsCount,
      rooms: realtime.liveRooms,
      pool,
      database,
      redis,
      limitsShared: config.redisUrl ? limits.shared : null,
    },
    `${host}:${port}`,
  );

  // The history builds (a minute or more at a million enterprises) start once the server is up and
  // its start-up reads are done: the ledger the period report reads first, then trends, then "as then".
  let prebuild: NodeJS.Timeout | null = null;
  if (config.historyPrebuild)
    settle.track(
      new Promise<void>((resolve) => {
        prebuild = setTimeout(() => {
          void (async () => {
            await ledgers.prepare("now");
            await history.prepare();
            await ledgers.prepare("then");
            log.info("history builds ready (period ledgers, monthly snapshots)");
          })()
            .catch((e: unknown) => {
              if (!stopping) log.error("a history build in the background failed; it is retried on first use", e);
            })
            .finally(resolve);
        }, PREBUILD_AFTER_MS);
      }),
    );
  settle.allTracked();

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`,
    port,
    /** The Node HTTP server (a test hands it TLS connections to see the app over HTTPS). */
    http: server,
    /** The database it runs on (a test opens its own connection, as the history worker does). */
    databaseUrl: config.databaseUrl,
    db,
    feed,
    /** Writes the aggregates checkpoint now (as every few minutes and at stop); true when stored. */
    writeCheckpoint: () => checkpoints.write(),
    /** Stops accepting, lets writes in flight finish, sends what is pending, closes sockets,
     *  Redis and the database. */
    close: () =>
      (closing ??= (async () => {
        stopping = true;
        settle.close();
        if (prebuild) clearTimeout(prebuild);
        server.close(); // no new connections; requests on open ones get 503 from the drain guard
        if (!(await drain.drain(8_000))) log.error(`shutdown: ${drain.writes} write(s) still running after 8 s`);
        await builds.close(); // a history build under way is dropped, not awaited
        await replays.close(); // so is a replay: its request gets an error, as the server is going
        await exports.close(); // and a download under way is cut short
        await dryRuns.close(); // and an import's dry run
        unguard();
        unshareCredentials();
        await realtime.close(); // flushes pending batches, closes sockets
        server.closeAllConnections();
        await cluster?.close();
        await limits.close();
        offCorrected();
        await checkpoints.close(); // every accepted write is in the cells now
        feed.close();
        await db.$disconnect();
      })()),
  };
}
export type RunningApp = Awaited<ReturnType<typeof startUnionPulse>>;

async function unitsPayload(reference: ReferenceService): Promise<UnitsEvent> {
  const [province, districts] = await Promise.all([reference.province(), reference.districts(true)]);
  return { province, districts };
}
