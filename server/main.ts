// Entry point: `npm start`. Reads the configuration, starts UnionPulse, stops cleanly on SIGTERM/SIGINT.
import { performance } from "node:perf_hooks";
import { loadConfig } from "./config.ts";
import { startUnionPulse } from "./compose.ts";
import { createLogger } from "./log.ts";

// Where the start's time goes, for the log (and the start-up bench, bench/startup.ts): Node's own start,
// loading the server's code (every static import has run when this line does), then startUnionPulse.
const codeLoadedAt = performance.now();
const nodeReadyAt = performance.nodeTiming.bootstrapComplete;
const config = loadConfig();
const log = createLogger(config.logLevel);
const app = await startUnionPulse(config, log);
const startedAt = performance.now();

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (e) => {
        log.error("shutdown failed", e);
        process.exit(1);
      },
    );
  });
}

// Said once a SIGTERM stops the process gracefully: whoever waits for this line may stop it at once.
log.info(
  `UnionPulse is running at ${app.url}  (database: ${config.databaseUrl.startsWith("file:") ? config.databaseUrl : "postgresql"}${config.redisUrl ? `; cluster through Redis, prefix ${config.redisPrefix}` : ""})`,
);
log.info(
  `started in ${Math.round(startedAt)} ms: Node ${Math.round(nodeReadyAt)} ms, loading the code ${Math.round(codeLoadedAt - nodeReadyAt)} ms, start-up ${Math.round(startedAt - codeLoadedAt)} ms`,
);
