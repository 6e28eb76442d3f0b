// The fuzz suite of server/test/fuzz at benchmark strength: 10,000 cases per route with a body (both
// APIs), asserting no 5xx and no partial write. It runs the same vitest files as `npm test`, with more
// cases; a failure prints the route, the shrunk counterexample and fast-check's seed to replay it.
//   npm run bench:fuzz                     (FUZZ_RUNS=10000, embedded PostgreSQL)
//   FUZZ_RUNS=20000 DATABASE_URL=postgres://… npm run bench:fuzz
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = process.env.FUZZ_RUNS ?? '10000';
const server = fileURLToPath(new URL('../server/', import.meta.url));
const started = Date.now();
const child = spawn('npx', ['vitest', 'run', 'test/fuzz', '--testTimeout', '0'], {
  cwd: server,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: runs },
});
child.on('exit', (code) => {
  console.log(`fuzz: ${runs} cases per route, ${Math.round((Date.now() - started) / 1000)} s, exit ${code}`);
  process.exit(code ?? 1);
});
