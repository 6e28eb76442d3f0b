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
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: CHROMIUM, headless: true, args: chromiumArgs },
    }),
  ],
  // A test fails after 30 s: room for several 10 s waits (src/internal/test/wait.ts) on a loaded shared machine.
  testFramework: { config: { timeout: 30_000 } },
  reporters: [
    defaultReporter(),
    countReporter({ suite: 'widgets', file: new URL('../.test-results/widgets.json', import.meta.url) }),
  ],
};
