// `npm test`: the house checks (lint and format, Lit templates, types of every test, unused code), then
// every suite in turn (after `npm run build`), then one summed line. `--checks` runs the checks alone.
// Each check counts as one test. Each suite writes {suite, passed, failed, skipped} to
// .test-results/<suite>.json; a suite that dies before writing it counts as one failure.
// AMAGE_TEST_ONLY=server,e2e (a comma-separated list of check and suite names) runs only those.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const results = new URL('../.test-results/', import.meta.url);
const checks = [
  { name: 'lint', script: 'lint', what: 'Biome (format and lint) and lit-analyzer' },
  { name: 'typecheck', script: 'typecheck', what: 'every test file, strict' },
  { name: 'knip', script: 'knip', what: 'unused files, exports and dependencies' },
];
const suites = [
  { name: 'server', workspace: '@amage/server', what: 'API tests on PostgreSQL' },
  { name: 'api-client', workspace: '@amage/api-client', what: 'API client' },
  { name: 'widgets', workspace: '@amage/widgets', what: 'widgets in Chromium' },
  { name: 'size', workspace: '@amage/widgets', script: 'size', what: 'size budgets of the CDN kit (size-limit)' },
  { name: 'e2e', workspace: '@amage/demo', what: 'end-to-end flows in Chromium' },
  {
    name: 'kit',
    workspace: '@amage/demo',
    script: 'test:kit',
    what: 'the npm packages installed into React 19 and Vue 3 apps (needs the npm registry)',
  },
  { name: 'wordpress', workspace: '@amage/wordpress', what: 'the plugin in a real WordPress, in Chromium' },
];

const checksOnly = process.argv.includes('--checks');
const only = process.env.AMAGE_TEST_ONLY?.split(',').map((s) => s.trim());
const selected = (item) => !only || only.includes(item.name);

const chromium = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (!checksOnly && !existsSync(chromium)) {
  console.error(
    `Chromium is needed for the widget and end-to-end tests and was not found at ${chromium}.\n` +
      'Install it (Debian: apt-get install -y chromium) or set CHROME_PATH.',
  );
  process.exit(1);
}

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const database = process.env.DATABASE_URL
  ? `PostgreSQL server (${new URL(process.env.DATABASE_URL).host})`
  : 'embedded PostgreSQL';

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
const count = (name, counts) => {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  lines.push(`  ${name.padEnd(11)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
};

for (const check of checks.filter(selected)) {
  console.log(`\n── check ${check.name}: ${check.what} ──`);
  const run = spawnSync('npm', ['run', '--silent', check.script], { stdio: 'inherit' });
  count(check.name, run.status === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 });
}

if (!checksOnly) {
  console.log(`\nRunning the test suites against the ${database}.`);
  for (const suite of suites.filter(selected)) {
    console.log(`\n── ${suite.name}: ${suite.what} ──`);
    const run = spawnSync('npm', ['run', suite.script ?? 'test', '-w', suite.workspace], { stdio: 'inherit' });
    const file = new URL(`${suite.name}.json`, results);
    const counts = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { passed: 0, failed: 0, skipped: 0 };
    if (run.status !== 0 && counts.failed === 0) counts.failed = 1; // crashed, or failed outside any test
    count(suite.name, counts);
  }
}

writeFileSync(new URL('total.json', results), `${JSON.stringify(totals)}\n`);
console.log(`\nSummary${checksOnly ? '' : ` (${database})`}:\n${lines.join('\n')}`);
console.log(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
