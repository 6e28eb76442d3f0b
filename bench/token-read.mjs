// Token-authenticated portal read vs. a bare Express handler answering the same JSON, in one process,
// alternating rounds so both see the same machine state. Prints req/s, p50/p99 latency and ratios.
//   npm run bench                      (embedded PostgreSQL in a temp dir)
//   DATABASE_URL=postgres://… npm run bench
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import { destination } from 'pino';
import { createApp } from '../server/dist/app.js';
import { createKnex, migrateLatest } from '../server/dist/db/knex.js';
import { createScratchDatabase } from '../server/dist/db/scratch.js';
import { startEmbeddedPostgres } from '../server/dist/db/embedded.js';
import { createLogger } from '../server/dist/lib/logger.js';
import { seedIntegrationKey } from '../server/dist/modules/access/integration-auth.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = 2;

const listen = (handler) =>
  new Promise((resolve) => {
    const server = createServer(handler).listen(0, '127.0.0.1', () => resolve(server));
  });

let embedded;
let dataDir;
let url = process.env.DATABASE_URL;
if (!url) {
  dataDir = await mkdtemp(path.join(tmpdir(), 'amage-bench-'));
  embedded = await startEmbeddedPostgres(dataDir);
  url = embedded.url;
}
const scratch = await createScratchDatabase(url, 'amage_bench');
const db = createKnex(scratch.url);
await migrateLatest(db);

const key = `amgk_${randomBytes(32).toString('base64url')}`;
await seedIntegrationKey(db, key);
// Production-like: info-level request logs (to /dev/null) and the access log row per request.
const logger = createLogger('info', destination('/dev/null'));
const apiServer = await listen((req, res) => app(req, res));
const api = `http://127.0.0.1:${apiServer.address().port}`;
const { app, close: closeApp } = createApp({ db, logger, publicUrl: api });

const call = async (method, p, token, body, headers = {}) => {
  const res = await fetch(api + p, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body && JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return res.json();
};
await call('PUT', '/api/integration/v1/jobs/JOB-BENCH', key, {
  number: 'ZL/1',
  customer: { ref: 'C-1' },
  title: 'Przegląd roczny sprężarek',
  status: 'in-progress',
  stages: [
    { key: 'a', name: 'Diagnoza', state: 'done' },
    { key: 'b', name: 'Naprawa', state: 'active' },
  ],
  timeline: [{ at: '2026-12-01T08:00:00Z', type: 'on-site', text: 'Technik na miejscu.' }],
});
const link = await call('POST', '/api/integration/v1/links', key, {
  subject: { type: 'job', ref: 'JOB-BENCH' },
  actions: ['job:read'],
});
const session = await call('POST', '/api/portal/v1/sessions', link.token, undefined, {
  'idempotency-key': 'bench-session-1',
});
const jobJson = JSON.stringify(await call('GET', '/api/portal/v1/jobs/JOB-BENCH', session.token));

const bare = express();
bare.get('/job', (_req, res) => {
  res.type('json').send(jobJson);
});
const bareServer = await listen(bare);
const bareUrl = `http://127.0.0.1:${bareServer.address().port}/job`;

const run = (title, target, headers = {}) =>
  new Promise((resolve, reject) => {
    autocannon({ url: target, connections: CONNECTIONS, duration: DURATION, headers }, (err, result) => {
      if (err) return reject(err);
      if (result.non2xx > 0 || result.errors > 0)
        return reject(new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors`));
      resolve({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 });
    });
  });

const results = { bare: [], token: [] };
for (let round = 0; round < ROUNDS; round += 1) {
  results.bare.push(await run('bare', bareUrl));
  results.token.push(
    await run('token', `${api}/api/portal/v1/jobs/JOB-BENCH`, { authorization: `Bearer ${session.token}` }),
  );
}
const mean = (xs, k) => xs.reduce((s, x) => s + x[k], 0) / xs.length;
const row = (name, xs) =>
  `| ${name} | ${mean(xs, 'rps').toFixed(0)} | ${mean(xs, 'p50').toFixed(1)} | ${mean(xs, 'p99').toFixed(1)} |`;
console.log(
  `\n${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION} s each, ${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PostgreSQL'}\n`,
);
console.log('| handler | req/s | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: |');
console.log(row('bare Express, same JSON', results.bare));
console.log(row('portal read with session token', results.token));
console.log(`\nthroughput ratio token/bare: ${(mean(results.token, 'rps') / mean(results.bare, 'rps')).toFixed(3)}`);
console.log(
  `p99 ratio token/bare: ${(mean(results.token, 'p99') / Math.max(mean(results.bare, 'p99'), 1)).toFixed(1)}`,
);

await new Promise((r) => apiServer.close(r));
await new Promise((r) => bareServer.close(r));
// Handlers of requests autocannon abandoned at the end may still be querying: let them finish.
const pool = db.client.pool;
while (pool.numUsed() + pool.numPendingAcquires() > 0) await new Promise((r) => setTimeout(r, 50));
await closeApp();
await db.destroy();
await scratch.drop();
await embedded?.stop();
if (dataDir) await rm(dataDir, { recursive: true, force: true });
