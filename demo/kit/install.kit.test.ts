// The kit as a host developer gets it from npm: the three packages are packed (their `prepack` builds
// them), installed with React 19, Vue 3 and Vite from the npm registry into a scratch app in a temp dir,
// type-checked strictly, built, and driven in Chromium against a real server. Nothing is cached outside
// the temp dir (npm gets its own cache there), so a clean CI machine runs exactly this.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import express from 'express';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../server/test/helpers/test-app.js';
import { launchChromium } from '../test/browser.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = ['@amage/contracts', '@amage/api-client', '@amage/widgets'];
// What the scratch app installs from the registry, pinned (engines include Node 20).
const REGISTRY = {
  dependencies: { react: '19.3.1', 'react-dom': '19.3.1', vue: '3.5.45' },
  devDependencies: {
    '@types/react': '19.3.2',
    '@types/react-dom': '19.3.0',
    '@vitejs/plugin-react': '5.2.0',
    '@vitejs/plugin-vue': '6.0.11',
    typescript: '5.9.3',
    vite: '7.3.8',
    'vue-tsc': '3.3.14',
  },
};

let dir: string;
let app: string;
let tarballs: Record<string, string>;
let t: TestApp;
let host: { origin: string; server: Server };
let browser: Browser;
const builds: Record<'react' | 'vue', string> = { react: '', vue: '' };

// Not vitest's NODE_ENV=test (Vite would bundle React's development build, npm might skip dev dependencies).
const { NODE_ENV: _vitestMode, ...parentEnv } = process.env;
const childEnv = { ...parentEnv, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' };

async function sh(command: string, args: string[], cwd: string) {
  try {
    return await run(command, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: childEnv });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amage-kit-'));
  // `prepack` builds each package (its output shares stdout with npm's, so the tarballs are found by name).
  await sh('npm', ['pack', '--pack-destination', dir, ...PACKAGES.flatMap((p) => ['-w', p])], repo);
  const packed = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  tarballs = Object.fromEntries(
    PACKAGES.map((p) => {
      const file = packed.find((f) => f.startsWith(`${p.slice(1).replace('/', '-')}-`));
      if (!file) throw new Error(`npm pack made no tarball of ${p}: ${packed.join(', ')}`);
      return [p, join(dir, file)];
    }),
  );

  app = join(dir, 'app');
  cpSync(fileURLToPath(new URL('app/', import.meta.url)), app, { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'kit-host',
      private: true,
      type: 'module',
      dependencies: {
        ...REGISTRY.dependencies,
        ...Object.fromEntries(PACKAGES.map((p) => [p, `file:${tarballs[p]}`])),
      },
      devDependencies: REGISTRY.devDependencies,
    }),
  );
  await sh('npm', ['install', '--no-audit', '--no-fund', '--cache', join(dir, 'npm-cache')], app);

  t = await startTestApp();
  const site = express();
  site.use('/react', express.static(join(app, 'dist-react')));
  site.use('/vue', express.static(join(app, 'dist-vue')));
  const server: Server = await new Promise((resolve) => {
    const s = site.listen(0, '127.0.0.1', () => resolve(s));
  });
  host = { origin: `http://localhost:${(server.address() as AddressInfo).port}`, server };
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (host) await new Promise((resolve) => host.server.close(resolve));
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the kit installed from npm', () => {
  it('when the packages are packed, then they hold their built files and types and none is private', async () => {
    for (const name of PACKAGES) {
      const { stdout } = await sh('tar', ['-xOzf', tarballs[name]!, 'package/package.json'], dir);
      const manifest = JSON.parse(stdout) as { private?: boolean; scripts?: Record<string, string> };
      expect(manifest.private, name).toBeUndefined();
      expect(manifest.scripts?.prepack, name).toBeTruthy();
      const { stdout: list } = await sh('tar', ['-tzf', tarballs[name]!], dir);
      expect(list, name).toContain('package/dist/index.js');
      expect(list, name).toContain('package/dist/index.d.ts');
      expect(list, name).not.toMatch(/\.test\.|tsbuildinfo|package\/src\//);
    }
    const { stdout: widgets } = await sh('tar', ['-tzf', tarballs['@amage/widgets']!], dir);
    for (const file of ['custom-elements.json', 'dist/frameworks/react.d.ts', 'dist/frameworks/vue.d.ts']) {
      expect(widgets).toContain(`package/${file}`);
    }
    // The manifest and each element's module resolve through the package's exports.
    const { stdout: resolved } = await sh(
      'node',
      [
        '--input-type=module',
        '-e',
        "for (const s of ['@amage/widgets/custom-elements.json', '@amage/widgets/amage-work-progress.js', '@amage/contracts/validators/CreateJobRatingBody']) console.log(import.meta.resolve(s))",
      ],
      app,
    );
    expect(resolved).toContain('node_modules/@amage/widgets/custom-elements.json');
    expect(resolved).toContain('node_modules/@amage/widgets/dist/components/work-progress/amage-work-progress.js');
    expect(resolved).toContain('node_modules/@amage/contracts/dist/validators/CreateJobRatingBody.js');
  });

  it('when a React 19 app and a Vue 3 app use an element, then both type-check strictly and Vite bundles that element alone', async () => {
    await sh('npx', ['tsc', '-p', 'tsconfig.react.json'], app);
    await sh('npx', ['vue-tsc', '-p', 'tsconfig.vue.json'], app);
    for (const framework of ['react', 'vue'] as const) {
      const { stdout, stderr } = await sh('npx', ['vite', 'build', '--config', `vite.${framework}.config.ts`], app);
      expect(`${stdout}${stderr}`).not.toMatch(/dynamic import will not move module|\(!\)/);
      const assets = join(app, `dist-${framework}`, 'assets');
      builds[framework] = readdirSync(assets)
        .filter((f) => f.endsWith('.js'))
        .map((f) => readFileSync(join(assets, f), 'utf8'))
        .join('\n');
      expect(builds[framework]).toContain('amage-work-progress');
      // `import '@amage/widgets/amage-work-progress.js'` brings that element, not the kit.
      for (const other of ['amage-delivery-form', 'amage-work-order', 'amage-service-request', 'amage-complaint']) {
        expect(builds[framework], `${framework} bundles ${other}`).not.toContain(other);
      }
    }
  });

  it('when the React app shows a job and the customer rates the work, then amage-submitted reaches the React handler with its detail', async () => {
    await t.putJob('JOB-KIT-R', { title: 'Przegląd instalacji', status: 'completed' });
    const link = await t.issueLink({
      subject: { type: 'job', ref: 'JOB-KIT-R' },
      actions: ['job:read', 'job:approve'],
      allowedOrigins: [host.origin],
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${host.origin}/react/?api=${encodeURIComponent(t.url)}#token=${link.token}`);

    const widget = page.locator('amage-work-progress');
    await widget.getByText('Przegląd instalacji').waitFor();
    await widget.getByLabel('4 stars').check();
    await widget.getByRole('button', { name: 'Send rating' }).click();
    const output = page.locator('output#submitted');
    await output.waitFor();
    expect(await output.textContent()).toMatch(/^rating JOB-KIT-R [0-9a-f-]{36}$/);
    expect(await page.evaluate(() => customElements.get('amage-delivery-form'))).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('when the Vue app shows a job, then the element loads from the npm build against the server', async () => {
    await t.putJob('JOB-KIT-V', { title: 'Wymiana filtrów', status: 'in-progress' });
    const link = await t.issueLink({
      subject: { type: 'job', ref: 'JOB-KIT-V' },
      actions: ['job:read'],
      allowedOrigins: [host.origin],
    });
    const page = await browser.newPage();
    await page.goto(`${host.origin}/vue/?api=${encodeURIComponent(t.url)}#token=${link.token}`);
    await page.locator('amage-work-progress').getByText('Wymiana filtrów').waitFor();
    await page.close();
  });
});
