// `npm run size` (the "size" suite of `npm test`): size-limit checks the budgets in .size-limit.mjs against
// the built cdn/, prints one line per budget (size, enforced limit, goal) and writes the counts for the
// summary line (each budget is one test).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { budgets } from '../.size-limit.mjs';

const run = spawnSync('npx', ['size-limit', '--json'], { cwd: new URL('..', import.meta.url), encoding: 'utf8' });
let results;
try {
  results = JSON.parse(run.stdout);
} catch {
  process.stderr.write(run.stdout + run.stderr);
  process.exit(1);
}
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const counts = { suite: 'size', passed: 0, failed: 0, skipped: 0 };
for (const { name, size, passed } of results) {
  const { goal, limit } = budgets[name];
  counts[passed ? 'passed' : 'failed']++;
  console.log(
    `${passed ? '✓' : '✗'} ${name.padEnd(24)} ${kB(size).padStart(9)} gzip   limit ${limit.padStart(6)}   goal ${goal}`,
  );
}
const dir = new URL('../../.test-results/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('size.json', dir), `${JSON.stringify(counts)}\n`);
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
