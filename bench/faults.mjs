// Load and faults: two server instances (child processes) on one PostgreSQL server (an embedded one
// of its own), a load generator in its own process (autocannon) sending mixed reads and work-log
// submits with unique Idempotency-Keys, and the database stopped and started mid-run. Then every
// submit not acknowledged is retried once with its key, as a client's outbox would. Prints submits
// acknowledged vs rows stored (lost, duplicated), what clients got during the outage, time to recover.
//   npm run bench:faults
//   FAULT_SECONDS=30 FAULT_OUTAGE_SECONDS=5 FAULT_CONNECTIONS=40 npm run bench:faults
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SECONDS = Number(process.env.FAULT_SECONDS ?? 20);
const OUTAGE = Number(process.env.FAULT_OUTAGE_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.FAULT_CONNECTIONS ?? 20);
const WORK_ORDERS = 10;
const PORTAL = '/api/portal/v1';
const INTEGRATION = '/api/integration/v1';

if (process.argv[2] === 'load') await load(JSON.parse(process.argv[3]));
else await main();

/** The load generator (its own process): autocannon per instance, reads and submits alternating. */
async function load({ urls, sessions, seconds, connections }) {
  const { default: autocannon } = await import('autocannon');
  const t0 = Date.now();
  const timeline = []; // [ms since t0, status, kind]
  const submits = new Map(); // key -> { ref, acked }
  const samples = {}; // status -> first body
  const run = (url, i) =>
    autocannon({
      url,
      connections: Math.max(1, Math.round(connections / urls.length)),
      duration: seconds,
      timeout: 5,
      requests: [
        {
          setupRequest: (req, context) => {
            context.n = ((context.n ?? i) + 1) % sessions.length;
            const s = sessions[context.n];
            return {
              ...req,
              method: 'GET',
              path: `${PORTAL}/work-orders/${s.ref}`,
              headers: { authorization: `Bearer ${s.token}` },
            };
          },
          onResponse: (status, body) => {
            timeline.push([Date.now() - t0, status, 'read']);
            samples[status] ??= String(body).slice(0, 300);
          },
        },
        {
          setupRequest: (req, context) => {
            const s = sessions[context.n];
            const key = `bench-${randomBytes(9).toString('base64url')}`;
            context.key = key;
            submits.set(key, { ref: s.ref, token: s.token, acked: false });
            return {
              ...req,
              method: 'POST',
              path: `${PORTAL}/work-orders/${s.ref}/work-logs`,
              headers: {
                authorization: `Bearer ${s.token}`,
                'content-type': 'application/json',
                'idempotency-key': key,
              },
              body: JSON.stringify({ durationMinutes: 1, workers: ['Bench'], notes: key }),
            };
          },
          onResponse: (status, _body, context) => {
            timeline.push([Date.now() - t0, status, 'submit']);
            samples[status] ??= String(_body).slice(0, 300);
            if (status === 201) submits.get(context.key).acked = true;
          },
        },
      ],
    });
  const results = await Promise.all(urls.map(run));
  process.send({
    t0,
    timeline,
    errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
    samples,
    submits: [...submits].map(([key, s]) => ({ key, ...s })),
  });
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

async function main() {
  const { startEmbeddedPostgres } = await import('../server/dist/db/embedded.js');
  const { createScratchDatabase } = await import('../server/dist/db/scratch.js');
  const { createKnex } = await import('../server/dist/db/knex.js');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'amage-faults-'));
  const pg = await startEmbeddedPostgres(dataDir);
  const scratch = await createScratchDatabase(pg.url, 'amage_faults');
  const key = `amgk_${randomBytes(32).toString('base64url')}`;
  const mainJs = fileURLToPath(new URL('../server/dist/main.js', import.meta.url));
  const instances = [];
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const child = spawn(process.execPath, [mainJs], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: scratch.url,
        AMAGE_INTEGRATION_KEY: key,
        AMAGE_DEMO: 'false',
        LOG_LEVEL: 'error',
        AMAGE_LINK_REQUEST_LIMIT: '100000000',
        AMAGE_DATA_DIR: path.join(dataDir, `instance-${i}`),
      },
      stdio: ['ignore', process.env.FAULT_LOGS ? 'inherit' : 'ignore', 'inherit'],
    });
    instances.push({ url: `http://127.0.0.1:${port}`, child });
    await waitFor(`http://127.0.0.1:${port}/readyz`); // one after the other: the first migrates
  }
  const api = (method, url, body, token = key) =>
    fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': randomBytes(8).toString('hex'),
      },
      body: body && JSON.stringify(body),
    });
  const now = Date.now();
  const sessions = [];
  for (let n = 0; n < WORK_ORDERS; n++) {
    const ref = `WO-BENCH-${n}`;
    const put = await api('PUT', `${instances[0].url}${INTEGRATION}/work-orders/${ref}`, {
      number: ref,
      contractor: { ref: 'SUB-1', name: 'Bench Sp. z o.o.' },
      site: 'Zakład 1',
      description: 'Benchmark',
      plannedStart: new Date(now - 3_600_000).toISOString(),
      plannedEnd: new Date(now + 8 * 3_600_000).toISOString(),
    });
    if (!put.ok) throw new Error(`PUT ${ref}: ${put.status} ${await put.text()}`);
    const link = await (
      await api('POST', `${instances[0].url}${INTEGRATION}/links`, {
        subject: { type: 'work-order', ref },
        actions: ['work-order:read', 'work-order:log-work'],
      })
    ).json();
    const session = await (await api('POST', `${instances[0].url}${PORTAL}/sessions`, undefined, link.token)).json();
    sessions.push({ ref, token: session.token });
  }

  // The load in its own process; the outage from a third of the run on.
  const loader = fork(fileURLToPath(import.meta.url), [
    'load',
    JSON.stringify({ urls: instances.map((i) => i.url), sessions, seconds: SECONDS, connections: CONNECTIONS }),
  ]);
  const report = new Promise((resolve) => loader.once('message', resolve));
  await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 3));
  const stoppedAt = Date.now();
  await pg.stop();
  await new Promise((r) => setTimeout(r, OUTAGE * 1000));
  const startingAt = Date.now();
  await pg.start();
  const startedAt = Date.now();
  const { t0, timeline, submits, errors, samples } = await report;
  if (process.env.FAULT_VERBOSE) console.log(samples);

  const db = createKnex(scratch.url, 2);
  const storedRows = async () =>
    new Map(
      (await db('work_logs').select('notes').count({ n: '*' }).groupBy('notes')).map((r) => [r.notes, Number(r.n)]),
    );
  const stored = await storedRows();
  const acked = submits.filter((s) => s.acked);
  const lost = acked.filter((s) => !stored.has(s.key)).length;
  const duplicated = [...stored.values()].filter((n) => n > 1).length;
  const unacknowledgedStored = submits.filter((s) => !s.acked && stored.has(s.key)).length;

  // What a client's outbox does next: every submit not acknowledged goes again with its key.
  const retryStatuses = {};
  for (const [i, s] of submits.filter((x) => !x.acked).entries()) {
    const res = await fetch(`${instances[i % 2].url}${PORTAL}/work-orders/${s.ref}/work-logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json', 'idempotency-key': s.key },
      body: JSON.stringify({ durationMinutes: 1, workers: ['Bench'], notes: s.key }),
    });
    const label = `${res.status}${res.headers.get('idempotent-replayed') ? ' replayed' : ''}`;
    retryStatuses[label] = (retryStatuses[label] ?? 0) + 1;
  }
  const afterRetry = await storedRows();
  const exactlyOnce = submits.filter((s) => afterRetry.get(s.key) === 1).length;
  const duplicatedAfterRetry = [...afterRetry.values()].filter((n) => n > 1).length;

  const during = {};
  const rel = (t) => t - t0;
  for (const [at, status] of timeline)
    if (at >= rel(stoppedAt) && at <= rel(startedAt)) during[status] = (during[status] ?? 0) + 1;
  const firstOk = timeline
    .filter(([at, status]) => at > rel(startedAt) && status < 300)
    .map(([at]) => at)
    .sort((a, b) => a - b)[0];
  const all = {};
  for (const [, status] of timeline) all[status] = (all[status] ?? 0) + 1;

  console.log(
    `\nfaults: ${SECONDS} s, ${CONNECTIONS} connections over 2 instances, database stopped for ${OUTAGE} s at ${Math.round(rel(stoppedAt) / 1000)} s`,
  );
  console.log(`  requests: ${timeline.length} (${JSON.stringify(all)}), socket errors/timeouts: ${errors}`);
  console.log(
    `  submits sent: ${submits.length}, acknowledged (201): ${acked.length}, rows stored for them: ${acked.length - lost}`,
  );
  console.log(`  lost (acknowledged, no row): ${lost}; duplicated (key with >1 row): ${duplicated}`);
  console.log(`  not acknowledged but stored (answer lost in flight): ${unacknowledgedStored}`);
  console.log(
    `  retry of each unacknowledged key: ${JSON.stringify(retryStatuses)}; then ${exactlyOnce} of ${submits.length} keys have exactly one row, ${duplicatedAfterRetry} have more`,
  );
  console.log(
    `  answers while the database was away (${Math.round((startedAt - stoppedAt) / 1000)} s, start took ${startedAt - startingAt} ms): ${JSON.stringify(during)}`,
  );
  console.log(
    `  time to recover: first success ${firstOk === undefined ? 'never' : `${firstOk - rel(startedAt)} ms`} after the database was up`,
  );

  await db.destroy();
  for (const i of instances) i.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  await scratch.drop().catch(() => {});
  await pg.stop();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(lost || duplicated || duplicatedAfterRetry || exactlyOnce !== submits.length ? 1 : 0);
}
