// Entry point: `npm start`. Reads the configuration, starts UnionPulse, stops cleanly on SIGTERM/SIGINT.
import { loadConfig } from "./config.ts";
import { startUnionPulse } from "./compose.ts";
import { createLogger } from "./log.ts";

const config = loadConfig();
const log = createLogger(config.logLevel);
const app = await startUnionPulse(config, log);
log.info(
  `UnionPulse is running at ${app.url}  (database: ${config.databaseUrl.startsWith("file:") ? config.databaseUrl : "postgresql"}${config.redisUrl ? `; cluster through Redis, prefix ${config.redisPrefix}` : ""})`,
);

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
