import { fileURLToPath } from 'node:url';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { countReporter } from './test/count-reporter.mjs';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
// We run as root in CI, so Chromium needs --no-sandbox.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const chromium = (contextOptions = {}) =>
  playwrightLauncher({
    product: 'chromium',
    launchOptions: { executablePath: CHROMIUM, headless: true, args: chromiumArgs },
    createBrowserContext: ({ browser }) => browser.newContext(contextOptions),
  });

// The tests of date rules and dates shown run again in the two time zones farthest from UTC, whatever zone
// the machine has: a rule that used the device's zone by mistake fails there. Only when the whole suite
// runs; a run that names files (npx web-test-runner src/x.test.ts) stays in the machine's zone.
const DATE_TESTS = [
  'src/internal/date-rules.test.ts',
  'src/internal/localize.test.ts',
  'src/components/delivery-form/delivery-form.test.ts',
  'src/components/complaint/complaint.test.ts',
  'src/components/permit-log/permit-log.test.ts',
  'src/components/work-order/work-order.test.ts',
];
const ZONES = { 'UTC-12': 'Etc/GMT+12', 'UTC+14': 'Pacific/Kiritimati' };
const wholeSuite = !process.argv.slice(2).some((arg) => arg.endsWith('.ts'));

export default {
  rootDir: '../', // monorepo root: hoisted node_modules and workspace symlinks resolve
  files: 'src/**/*.test.ts',
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency: 1,
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022', // NOT 'auto': standard decorators stay untransformed
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  browsers: [chromium()],
  groups: wholeSuite
    ? Object.entries(ZONES).map(([name, timezoneId]) => ({
        name,
        files: DATE_TESTS,
        browsers: [chromium({ timezoneId })],
      }))
    : [],
  concurrentBrowsers: 1, // one browser at a time: the machine is shared
  // A test fails after 30 s: room for several 10 s waits (src/internal/test/wait.ts) on a loaded shared machine.
  testFramework: { config: { timeout: 30_000 } },
  reporters: [
    defaultReporter(),
    countReporter({ suite: 'widgets', file: new URL('../.test-results/widgets.json', import.meta.url) }),
  ],
};
