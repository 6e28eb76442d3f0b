import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedIntegrationKey } from './modules/access/integration-auth.js';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createKnex, migrateLatest } from './db/knex.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js';
import { createLogger } from './lib/logger.js';
import { demoSite } from './demo/demo-site.js';
import { portalModules } from './modules/index.js';
import { demoIntegrationKey } from './demo/demo-key.js';
import { WebhookWorker } from './modules/webhooks/webhook-worker.js';
import { startRetention } from './db/retention.js';
import { startMailCatcher, type MailCatcher } from './demo/mail-catcher.js';
import { AppearanceService } from './modules/appearance/appearance.service.js';
import { MailWorker, type MailSettings } from './modules/mail/mail-worker.js';
import { loadServerSecret, SecretBox } from './modules/mail/secret-box.js';

const config = loadConfig();
const logger = createLogger(config.logLevel, undefined, [config.integrationKey, config.secretKey]);

let embedded: EmbeddedDatabase | undefined;
if (!config.databaseUrl) {
  logger.info({ dataDir: config.dataDir }, 'starting the embedded PostgreSQL');
  embedded = await startEmbeddedPostgres(config.dataDir, {
    onLog: (line) => logger.debug({ postgres: line }),
    watch: {
      onExit: (code) => logger.error({ code }, 'the embedded PostgreSQL exited; starting it again'),
      onRestart: () => logger.info('the embedded PostgreSQL is running again'),
    },
  });
}
const databaseUrl = config.databaseUrl ?? embedded!.url;
const db = createKnex(databaseUrl);
await migrateLatest(db);

// E-mail: AMAGE_SMTP_URL, or on a demo without one an SMTP catcher in this process (the demo mailbox).
let catcher: MailCatcher | undefined;
let mail: MailSettings | undefined;
if (config.smtpUrl || config.demo) {
  const box = new SecretBox(await loadServerSecret(config.dataDir, config.secretKey));
  if (!config.smtpUrl) catcher = await startMailCatcher();
  mail = {
    smtpUrl: config.smtpUrl ?? catcher!.smtpUrl,
    from: config.mailFrom ?? '"Zakład Gliwice (AMAGE demo)" <portal@amage-demo.example>',
    box,
    // The sending company as the appearance API names it (else the display name of the sender).
    companyName: () => new AppearanceService(db).companyName(),
  };
  if (config.databaseUrl && !config.secretKey)
    logger.warn(
      'AMAGE_SECRET_KEY is not set: mail secrets are sealed with the key in the data directory, which other instances do not share',
    );
  await MailWorker.install(databaseUrl); // the queue's schema, before any request can queue mail
}

let printedKey: string | undefined;
if (config.integrationKey) {
  await seedIntegrationKey(db, config.integrationKey);
} else if (config.demo) {
  printedKey = await demoIntegrationKey(config.dataDir);
  await seedIntegrationKey(db, printedKey);
}

const listen = (server: Server, port: number) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject).listen(port, () => resolve((server.address() as AddressInfo).port));
  });

// Bind first, so that with PORT=0 the links point at the port actually bound.
const server = createServer();
const port = await listen(server, config.port);
const publicUrl = config.publicUrl ?? `http://localhost:${port}`;
const {
  app,
  moduleDeps,
  close: closeApp,
} = createApp({
  db,
  logger,
  publicUrl,
  trustProxy: config.trustProxy,
  mail,
  ...(config.linkRequestLimit
    ? { limits: { linkRequests: { points: config.linkRequestLimit, durationSec: 600 } } }
    : {}),
});
server.on('request', app);
if (mail) {
  const mailWorker = await new MailWorker({
    db,
    connectionString: databaseUrl,
    logger,
    mail,
    subjects: moduleDeps.subjects,
    publicUrl,
  }).start();
  moduleDeps.onClose?.(() => mailWorker.stop());
}
logger.info({ port, publicUrl }, 'AMAGE Portals listening');

// Every instance delivers webhooks; subscriptions are claimed one worker at a time (see the worker).
const webhookWorker = new WebhookWorker(db, logger).start();
moduleDeps.onClose?.(() => webhookWorker.stop());
const retention = startRetention(db, logger);
moduleDeps.onClose?.(async () => retention.stop());

let demoServer: Server | undefined;
if (config.demo) {
  demoServer = createServer(demoSite(new URL(publicUrl).origin, catcher));
  const demoOrigin = `http://localhost:${await listen(demoServer, config.demoPort)}`;
  const links = [];
  // The demo company's brand on the hosted page, unless the main system (or an earlier start) set one.
  const appearance = new AppearanceService(db);
  if (!(await appearance.get()).updatedAt)
    await appearance.put({
      companyName: 'Zakład Gliwice (AMAGE demo)',
      primaryColor: '#0b6e4f',
      support: { name: 'Dział utrzymania ruchu', email: 'utrzymanie@amage-demo.example', phone: '+48 32 000 00 00' },
    });
  for (const module of portalModules) links.push(...((await module.seedDemo?.(moduleDeps, demoOrigin)) ?? []));
  const lines = [
    '',
    'AMAGE Portals is running.',
    `  API docs (OpenAPI): ${publicUrl}/api/openapi.json`,
    ...(printedKey
      ? [`  Demo integration key: ${printedKey}  (kept in ${config.dataDir}; set AMAGE_INTEGRATION_KEY outside demos)`]
      : []),
    `  Demo host pages:    ${demoOrigin}/`,
    ...(catcher
      ? [`  Demo mailbox:       ${demoOrigin}/mailbox  (every e-mail the portal sends; nothing leaves this machine)`]
      : []),
    '',
    'Try each portal (links are secret; these are fresh demo links):',
    ...links.flatMap((l) => [
      `  ${l.portal}`,
      `    hosted page: ${l.hosted}`,
      ...(l.demoPage ? [`    embedded:    ${l.demoPage}`] : []),
    ]),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const close = (s?: Server) => new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
  setTimeout(() => process.exit(1), 10_000).unref();
  const serversClosed = Promise.all([close(server), close(demoServer)]);
  await closeApp(); // ends live streams, which would keep the servers waiting
  await serversClosed;
  await closeApp(); // writes what the last requests logged
  await catcher?.close();
  await db.destroy();
  await embedded?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
