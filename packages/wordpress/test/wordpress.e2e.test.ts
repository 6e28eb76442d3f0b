// The plugin in a real WordPress (Debian's 6.1 under PHP 8.2, MariaDB), beside the real AMAGE server,
// driven in Chromium as its users would: the site's administrator, an editor writing in Polish, a
// contributor, and visitors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '@amage/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../../demo/test/browser.js';
import { demoCustomer } from '../../../server/src/modules/customer/customer.demo.js';
import { JPEG } from '../../../server/test/fixtures/files.js';
import { startTestApp, type TestApp } from '../../../server/test/helpers/test-app.js';
import { ADMIN, logIn, startWordPress, type WordPressSite } from './wordpress-site.js';

const SERVER_URL = 'amage_portals_server_url';
const LANGUAGE = 'amage_portals_default_language';
const SETTINGS = '/wp-admin/options-general.php?page=amage-portals';

let t: TestApp;
let wp: WordPressSite;
let browser: Browser;
let admin: BrowserContext;

beforeAll(async () => {
  [t, wp, browser] = await Promise.all([startTestApp(), startWordPress(), launchChromium()]);
  expect((await t.integration('PUT', '/customers/CUST-3', demoCustomer())).status).toBe(201);
  await t.putJob('JOB-WP-1', { title: 'Przegląd sprężarek w browarze', status: 'in-progress' });
  admin = await browser.newContext();
  await (await logIn(admin, wp.url, ADMIN)).close();
});

afterAll(async () => {
  await browser?.close();
  await wp?.close();
  await t?.close();
});

const intakeLink = (allowedOrigins?: string[]) =>
  t.issueLink({
    subject: { type: 'customer', ref: 'CUST-3' },
    actions: ['request:create', 'request:read'],
    ...(allowedOrigins ? { allowedOrigins } : {}),
  });
const jobLink = () =>
  t.issueLink({ subject: { type: 'job', ref: 'JOB-WP-1' }, actions: ['job:read'], allowedOrigins: [wp.origin] });

/** A page's HTML as a visitor (no cookies) gets it. */
const visitorHtml = async (url: string) => (await fetch(url)).text();

/**
 * What the plugin added to a page: its elements and its script tag. Whatever else in the page
 * mentions AMAGE was added by something else, so it must be nothing.
 */
function pluginOutput(html: string) {
  const elements = [...html.matchAll(/<(amage-[a-z-]+)\b[^>]*><\/\1>/g)].map((m) => m[0]);
  const scripts = [...html.matchAll(/<script\b[^>]*amage-portals[^>]*><\/script>/g)].map((m) => m[0]);
  let rest = html;
  for (const part of [...elements, ...scripts]) rest = rest.replace(part, '');
  return { elements, scripts, rest: rest.match(/.{0,80}amage.{0,80}/gi) ?? [] };
}

const kitTag = () =>
  `<script type="module" src="${t.url}/widgets/amage-portals.js" id="amage-portals-kit-js"></script>`;

async function visit(url: string): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  return { page, context };
}

/** Opens the block editor on a new page and inserts a block found by searching the inserter. */
async function insertBlock(page: Page, search: string, title: string) {
  await page.goto(`${wp.url}/wp-admin/post-new.php?post_type=page`);
  await page.getByRole('button', { name: /Toggle block inserter|Przełącz/ }).click();
  await page.locator('.block-editor-inserter__search input').fill(search);
  await page.getByRole('option', { name: title }).click();
}

describe('AMAGE Portals in WordPress', () => {
  it('without a portal server address, a page with widgets shows visitors nothing and editors a note; the Plugins screen says what to set', async () => {
    await wp.option(SERVER_URL, null);
    const link = await intakeLink([wp.origin]);
    const post = await wp.post({
      title: 'Awarie (brak serwera)',
      content: `<!-- wp:amage/service-request {"token":"${link.token}"} /-->\n[amage widget="work-progress"]`,
    });

    const html = await visitorHtml(post.url);
    expect(pluginOutput(html)).toEqual({ elements: [], scripts: [], rest: [] });

    const page = await admin.newPage();
    await page.goto(post.url);
    const notes = page.locator('.amage-portals-notice');
    await expect(notes.count()).resolves.toBe(2);
    await expect(notes.first().textContent()).resolves.toContain(
      '“Service request form” is not shown: the portal server address is not set',
    );
    await expect(notes.first().getByRole('link', { name: 'Open the settings' }).getAttribute('href')).resolves.toBe(
      `${wp.url}${SETTINGS}`,
    );
    await expect(page.locator('amage-service-request, script[src*="amage-portals"]').count()).resolves.toBe(0);

    // In the block editor the placeholder says so too.
    await page.goto(`${wp.url}/wp-admin/post.php?post=${post.id}&action=edit`);
    await page
      .locator('[data-type="amage/service-request"]')
      .getByText('The portal server address is not set, so visitors will not see this widget.')
      .waitFor();

    await page.goto(`${wp.url}/wp-admin/plugins.php`);
    await page.getByText('AMAGE Portals shows no widgets until the portal server address is set.').waitFor();
    const row = page.locator('tr[data-slug="amage-portals"]');
    await expect(row.getByRole('link', { name: 'Settings' }).getAttribute('href')).resolves.toContain(
      'options-general.php?page=amage-portals',
    );
    await page.close();
  });

  it('the administrator saves the settings on Settings → AMAGE Portals and checks the connection; bad addresses, a missing nonce and other roles are refused', async () => {
    const page = await admin.newPage();
    await page.goto(`${wp.url}/wp-admin/`);
    await page.locator('#menu-settings').hover();
    await page.locator('#menu-settings').getByRole('link', { name: 'AMAGE Portals' }).click();
    await page.getByRole('heading', { name: 'AMAGE Portals', level: 1 }).waitFor();

    const address = page.getByLabel('Portal server address');
    const save = page.getByRole('button', { name: 'Save Changes' });
    const check = page.getByRole('button', { name: 'Check connection' });
    await address.fill(`${t.url}/`);
    await page.getByLabel('Language of the widgets').selectOption({ label: 'Follow the page (recommended)' });
    await save.click();
    await page.getByText('Settings saved.').waitFor();
    expect(await wp.getOption(SERVER_URL)).toBe(t.url); // the trailing slash is dropped
    await expect(address.inputValue()).resolves.toBe(t.url);

    await check.click();
    await page.getByText(`Connection works: the portal server at ${t.url} answered.`).waitFor();

    // Not an http(s) address: refused, the saved one stays.
    await address.fill('ftp://files.example.com');
    await save.click();
    await page
      .getByText('The portal server address must be a web address such as https://portal.example.com.')
      .waitFor();
    expect(await wp.getOption(SERVER_URL)).toBe(t.url);

    // A server that answers, but not as the portal server does.
    await address.fill(`${t.url}/api`);
    await save.click();
    await check.click();
    await page.getByText(`No connection: ${t.url}/api answered with HTTP status 404`).waitFor();

    // Nothing listens there.
    const closed = `http://127.0.0.1:${await closedPort()}`;
    await address.fill(closed);
    await save.click();
    await check.click();
    await page.getByText(`No connection: the portal server at ${closed} did not answer`).waitFor();

    // The form's nonce is required: a forged POST (same cookies, no nonce) changes nothing.
    const forged = await page.request.post(`${wp.url}/wp-admin/options.php`, {
      form: { option_page: 'amage_portals', action: 'update', [SERVER_URL]: 'https://evil.example' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    const forgedCheck = await page.request.post(`${wp.url}/wp-admin/admin-post.php`, {
      form: { action: 'amage_portals_check' },
      maxRedirects: 0,
    });
    expect(forgedCheck.status()).toBe(403);
    expect(await wp.getOption(SERVER_URL)).toBe(closed);
    // Written outside the settings page (as WP-CLI or a plugin would), the same rules hold.
    await wp.option(SERVER_URL, 'javascript:alert(1)//');
    expect(await wp.getOption(SERVER_URL)).toBe(closed);
    await page.close();

    // Only manage_options: an editor can neither open the page nor save through options.php.
    const editor = await wp.user('redaktor', 'editor');
    const context = await browser.newContext();
    const editorPage = await logIn(context, wp.url, editor);
    const refused = await editorPage.goto(`${wp.url}${SETTINGS}`);
    expect(refused!.status()).toBe(403);
    await editorPage.getByText('Sorry, you are not allowed to access this page.').waitFor();
    await context.close();

    await wp.option(SERVER_URL, t.url);
  });

  it('an editor inserts the service request block from the AMAGE Portals category, sets its link and options, publishes; a visitor reports a fault with a photo and the main system sees it in the feed', async () => {
    await wp.option(SERVER_URL, t.url);
    const intake = await intakeLink([wp.origin]);
    const page = await admin.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`${wp.url}/wp-admin/post-new.php?post_type=page`);
    await page.getByRole('button', { name: 'Toggle block inserter' }).click();
    // Every widget is in the inserter under its own category.
    const category = page.locator(
      '.block-editor-inserter__panel-header:has-text("AMAGE Portals") + .block-editor-inserter__panel-content',
    );
    await category.getByRole('option').nth(8).waitFor();
    await expect(category.getByRole('option').allTextContents()).resolves.toEqual([
      'Complaint for the supplier',
      'Purchase order for the supplier',
      'Inspection checklist',
      'LOTO procedure',
      'Permit to work',
      'Portal page',
      'Service request form',
      'Work order for the subcontractor',
      'Job progress',
    ]);
    await category.getByRole('option', { name: 'Service request form' }).click();

    const block = page.locator('[data-type="amage/service-request"]');
    await block.getByText('Link: taken from the page address (#token=…)').waitFor();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const sidebar = page.locator('.interface-complementary-area');
    await sidebar.getByText(`allowed origins list ${wp.origin}`).waitFor();
    // A session token is refused with a reason; the whole link from the e-mail is fine: the block keeps the token.
    await sidebar.getByLabel('Link token').fill(`amgs_${'x'.repeat(43)}`);
    await sidebar.getByText('This is a session token, which lasts only minutes.').waitFor();
    await sidebar.getByLabel('Link token').fill(intake.url);
    await expect(sidebar.getByLabel('Link token').inputValue()).resolves.toBe(intake.token);
    await block.getByText(`Link: ${intake.token.slice(0, 8)}…${intake.token.slice(-4)}`).waitFor();
    await sidebar.getByLabel('Preset category').fill('fault');
    await sidebar.getByLabel('Preset equipment').fill('QR-A100');
    await sidebar.getByRole('checkbox', { name: 'Category' }).check();

    await page.getByRole('textbox', { name: 'Add title' }).fill('Zgłoś awarię');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.locator('.editor-post-publish-panel').getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('is now live').waitFor();
    const url = (await page.locator('.post-publish-panel__postpublish-header a').first().getAttribute('href'))!;
    await page.close();

    // The published page: the element with the block's settings, and the kit once, as a module.
    const html = await visitorHtml(url);
    const output = pluginOutput(html);
    expect(output.rest).toEqual([]);
    expect(output.scripts).toEqual([kitTag()]);
    expect(output.elements).toEqual([
      `<amage-service-request class="wp-block-amage-service-request" api="${t.url}" token="${intake.token}" category="fault" asset="QR-A100" hide-fields="category"></amage-service-request>`,
    ]);

    const visitor = await visit(url);
    const form = visitor.page.locator('amage-service-request');
    const field = (label: string) => form.getByLabel(label, { exact: true });
    await field('Short summary').waitFor();
    await expect(field('Type of request').count()).resolves.toBe(0);
    await expect(field('Equipment').inputValue()).resolves.toBe('A-100');
    await field('Short summary').fill('Sprężarka SK-2 stoi');
    await field('What happened? What do you see?').fill('Wyłącza się po minucie, błąd E17.');
    await field('Urgency').selectOption('high');
    await field('Name').fill('Jan Kowalski');
    await field('Phone').fill('+48 600 100 200');
    await form
      .locator('amage-file-picker input[type="file"]')
      .setInputFiles({ name: 'awaria.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await form.locator('amage-file-picker').getByText('awaria.jpg', { exact: true }).waitFor();
    await form.locator('[part~="submit-button"]:not([disabled])', { hasText: 'Send request' }).click();
    const confirmation = form.locator('[part~="confirmation"]');
    await confirmation.waitFor();
    const number = /SR-\d{4}-\d{5}/.exec((await confirmation.textContent())!)![0];
    await visitor.context.close();

    const { events } = await t.feedUntil((list) =>
      list.some((e) => e.type === 'service-request.created' && e.data.number === number),
    );
    const created = events.find(
      (e): e is EventOf<'service-request.created'> => e.type === 'service-request.created' && e.data.number === number,
    )!;
    expect(created.linkId).toBe(intake.id);
    expect(created.data).toMatchObject({
      category: { key: 'fault' },
      title: 'Sprężarka SK-2 stoi',
      asset: { ref: 'A-100' },
    });
    expect(created.data.attachments.map((a) => a.filename)).toEqual(['awaria.jpg']);
  });

  it('the [amage] shortcode places widgets with the same options, and the kit is loaded once for both', async () => {
    await wp.option(SERVER_URL, t.url);
    const [intake, job] = await Promise.all([intakeLink([wp.origin]), jobLink()]);
    const post = await wp.post({
      title: 'Shortcodes',
      content:
        `<p>Status of your job:</p>\n[amage widget="work-progress" token="${job.token}" no-live lang="en"]\n\n` +
        `[amage widget="service-request" token="${intake.token}" category="fault" hide-fields="category, attachments" no-list lang="pl"]`,
    });
    const output = pluginOutput(await visitorHtml(post.url));
    expect(output.rest).toEqual([]);
    expect(output.scripts).toEqual([kitTag()]);
    expect(output.elements).toEqual([
      `<amage-work-progress api="${t.url}" token="${job.token}" lang="en" no-live></amage-work-progress>`,
      `<amage-service-request api="${t.url}" token="${intake.token}" lang="pl" category="fault" hide-fields="category attachments" no-list></amage-service-request>`,
    ]);

    const { page, context } = await visit(post.url);
    const progress = page.locator('amage-work-progress');
    await progress.getByText('Przegląd sprężarek w browarze').waitFor();
    await expect(progress.locator('[part~="status"]').textContent()).resolves.toBe('In progress');
    const form = page.locator('amage-service-request');
    await form.getByRole('button', { name: 'Wyślij zgłoszenie' }).waitFor();
    await expect(form.getByLabel('Rodzaj zgłoszenia', { exact: true }).count()).resolves.toBe(0);
    await expect(form.locator('amage-file-picker, [part~="requests"]').count()).resolves.toBe(0);
    await context.close();
  });

  it('an amage/portal page opened with #token= shows what the link grants and takes the token out of the address', async () => {
    await wp.option(SERVER_URL, t.url);
    const job = await jobLink();
    const post = await wp.post({ title: 'Portal', content: '<!-- wp:amage/portal /-->' });
    expect(pluginOutput(await visitorHtml(post.url)).elements).toEqual([
      `<amage-portal class="wp-block-amage-portal" api="${t.url}"></amage-portal>`,
    ]);

    const { page, context } = await visit(`${post.url}#token=${job.token}`);
    await page.locator('amage-portal amage-work-progress').getByText('Przegląd sprężarek w browarze').waitFor();
    expect(page.url()).toBe(post.url);
    await context.close();
  });

  it('a link not limited to this website: visitors are told plainly that it may not be used here', async () => {
    await wp.option(SERVER_URL, t.url);
    const hostedOnly = await intakeLink(); // no allowedOrigins: the hosted portal page only
    const post = await wp.post({
      title: 'Wrong link',
      content: `<!-- wp:amage/service-request {"token":"${hostedOnly.token}"} /-->`,
    });
    const { page, context } = await visit(post.url);
    await page
      .locator('amage-service-request [role="alert"]')
      .getByText('This link may not be used on this website.')
      .waitFor();
    await expect(page.locator('amage-service-request').getByRole('button').count()).resolves.toBe(0);
    await context.close();
  });

  it('a contributor finds no AMAGE blocks to insert, and cannot inject markup or script through block or shortcode attributes (not even in content saved unfiltered)', async () => {
    await wp.option(SERVER_URL, t.url);
    const intake = await intakeLink([wp.origin]);
    const attack = 'window.__pwned=1';
    const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
    // Attributes that try to break out of their quotes, in blocks (JSON, escaped as WordPress does) and shortcodes.
    const breakouts = [
      `<!-- wp:amage/service-request ${json({ token: `"><script>${attack}</script>` })} /-->`,
      `<!-- wp:amage/service-request ${json({
        token: intake.token,
        category: `" onmouseover="${attack}`,
        asset: `<img src=x onerror=${attack}>`,
        hideFields: [`category"><script>${attack}</script>`],
        lang: `"><script>${attack}</script>`,
        className: `x" onfocus="${attack}" autofocus tabindex="0`,
        align: `wide" onmouseover="${attack}`,
      })} /-->`,
      `[amage widget="service-request" token="${intake.token}" category='" onmouseover="${attack}' asset="x' onfocus='${attack}" api="https://evil.example" lang="pl"]`,
      `[amage widget='" onmouseover="${attack}']`,
    ];
    // Markup typed into shortcode attributes: WordPress itself runs <script> in unfiltered content,
    // so this part is only tried as the contributor, whose content WordPress filters.
    const markup = [
      `[amage widget="service-request" token="${intake.token}" category='"><script>${attack}</script>']`,
      `[amage widget="<img src=x onerror=${attack}>"]`,
    ];
    const contributor = await wp.user('wspolpracownik', 'contributor');
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const editor = await logIn(context, wp.url, contributor);
    await editor.goto(`${wp.url}/wp-admin/post-new.php`);
    await editor.getByRole('button', { name: 'Toggle block inserter' }).click();
    await editor.locator('.block-editor-inserter__search input').fill('Service request');
    await editor.getByText('No results found.').waitFor();
    await expect(
      editor.locator('.block-editor-inserter__panel-header:has-text("AMAGE Portals")').count(),
    ).resolves.toBe(0);
    // Saved the way the editor saves (the REST API), so WordPress filters it as it does for contributors.
    const saved = await editor.evaluate(
      (data) =>
        (window as unknown as { wp: { apiFetch(o: object): Promise<{ id: number }> } }).wp.apiFetch({
          path: '/wp/v2/posts',
          method: 'POST',
          data,
        }),
      { title: 'Contribution', content: [...breakouts, ...markup].join('\n'), status: 'pending' },
    );
    await context.close();
    // The same content as if it had got in unfiltered (an import, a plugin writing posts).
    const unfiltered = await wp.post({ title: 'Unfiltered', type: 'post', content: breakouts.join('\n') });
    expect(unfiltered.content).toBe(breakouts.join('\n'));

    for (const [url, shown] of [
      [`${wp.url}/?p=${saved.id}&preview=true`, 3],
      [unfiltered.url, 2],
    ] as const) {
      const page = await admin.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(url);
      await page.locator('amage-service-request').first().waitFor();
      const widgets = await page
        .locator('amage-service-request')
        .evaluateAll((els) =>
          els.map((e) => Object.fromEntries(e.getAttributeNames().map((name) => [name, e.getAttribute(name)]))),
        );
      // The token that was markup is refused whole; the others render with nothing but their options.
      expect(widgets.length).toBe(shown);
      for (const attributes of widgets) {
        expect(attributes.api).toBe(t.url);
        expect(attributes.token).toBe(intake.token);
        for (const name of Object.keys(attributes))
          expect(['class', 'api', 'token', 'lang', 'category', 'asset', 'hide-fields']).toContain(name);
        for (const value of Object.values(attributes)) expect(value).not.toMatch(/<|script/);
      }
      const injected = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned,
        handlers: document.querySelectorAll('[onerror], [onload], [onmouseover], [onfocus]').length,
        images: document.querySelectorAll('img[src="x"]').length,
        scripts: [...document.scripts].filter((s) => s.text.includes('__pwned')).length,
      }));
      expect(injected).toEqual({ pwned: undefined, handlers: 0, images: 0, scripts: 0 });
      expect(dialogs).toEqual([]);
      // Editors are told what was left out, escaped like everything else.
      const notes = await page.locator('.amage-portals-notice').allTextContents();
      expect(notes.join('\n')).toContain('the link token is not valid');
      expect(notes.join('\n')).toContain('“api” is not an option of “Service request form”');
      await page.close();
    }
  });

  it('in Polish: widgets follow the page’s language unless a block sets one, and the settings page and the editor speak Polish', async () => {
    await wp.option(SERVER_URL, t.url);
    await wp.option('WPLANG', 'pl_PL');
    try {
      const [intake, job] = await Promise.all([intakeLink([wp.origin]), jobLink()]);
      const post = await wp.post({
        title: 'Po polsku',
        content:
          `<!-- wp:amage/service-request {"token":"${intake.token}","category":"fault"} /-->\n` +
          `<!-- wp:amage/work-progress {"token":"${job.token}","lang":"en","noLive":true} /-->`,
      });
      const { page, context } = await visit(post.url);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('pl-PL');
      await page.locator('amage-service-request').getByRole('button', { name: 'Wyślij zgłoszenie' }).waitFor();
      await expect(page.locator('amage-work-progress [part~="status"]').textContent()).resolves.toBe('In progress');
      await context.close();

      const polish = await wp.user('administratorka', 'administrator', { locale: 'pl_PL' });
      const adminContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const settings = await logIn(adminContext, wp.url, polish);
      await settings.goto(`${wp.url}${SETTINGS}`);
      await settings.getByLabel('Adres serwera portalu').waitFor();
      await settings.getByRole('button', { name: 'Sprawdź połączenie' }).click();
      await settings.getByText(`Połączenie działa: serwer portalu ${t.url} odpowiedział.`).waitFor();

      await insertBlock(settings, 'awari', 'Formularz zgłoszenia serwisowego');
      await settings.getByRole('button', { name: 'Settings', exact: true }).click(); // WordPress's own strings stay English here
      const sidebar = settings.locator('.interface-complementary-area');
      await sidebar.getByLabel('Token linku').waitFor();
      await sidebar.getByRole('checkbox', { name: 'Pilność' }).waitFor();
      await settings.locator('[data-type="amage/service-request"]').getByText('Język: taki jak strony').waitFor();
      await adminContext.close();
    } finally {
      await wp.option('WPLANG', null);
    }
  });

  it('PHP logged no notice, warning or error from the plugin', () => {
    const fromPlugin = wp
      .debugLog()
      .split('\n')
      .filter((line) => line.includes('plugins/amage-portals/'));
    expect(fromPlugin).toEqual([]);
  });

  it('uninstalling removes what the plugin stored', async () => {
    await wp.option(LANGUAGE, 'pl');
    await wp.option('_transient_amage_portals_check_1', 'x');
    expect(await wp.cli([{ op: 'uninstall' }])).toEqual([{ active: false }]);
    const left = await wp.cli([
      { op: 'get-option', name: SERVER_URL },
      { op: 'get-option', name: LANGUAGE },
      { op: 'get-option', name: '_transient_amage_portals_check_1' },
    ]);
    expect(left).toEqual([{ value: null }, { value: null }, { value: null }]);
  });
});

async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
