import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { EventOf, PortalEvent, WorkOrderView } from '@amage/contracts';
import { idempotencyKey, startTestApp, type TestApp } from '../../server/test/helpers/test-app.js';
import { putWorkOrder } from '../../server/test/helpers/work-orders.js';
import { launchChromium, recordRequests, startDemoSite } from './browser.js';

let t: TestApp;
let demo: Awaited<ReturnType<typeof startDemoSite>>;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp();
  demo = await startDemoSite(t.url);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await t?.close();
});

/** A real 1×1 PNG: the server checks the content (magic bytes), not the name. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const REF = 'WO-E2E-0311';

/** The step-up code the main system would e-mail: read from the `step-up.requested` event, like a mailbox. */
async function codeFor(action: string, after: string): Promise<string> {
  const { events } = await t.feedUntil(
    (evs) => evs.some((e) => e.type === 'step-up.requested' && e.subject.ref === REF && e.data.action === action),
    after,
  );
  const requested = events.filter(
    (e): e is EventOf<'step-up.requested'> => e.type === 'step-up.requested' && e.data.action === action,
  );
  return String(requested.at(-1)!.data.code);
}

/** Types the mailed code into the prompt and confirms. */
async function enterCode(widget: Locator, action: string, after: string) {
  await widget.locator('#step-up-code').waitFor();
  await widget.locator('[part~="step-up-form"]').getByText('b***@elektromont.example', { exact: false }).waitFor();
  await widget.locator('#step-up-code').fill(await codeFor(action, after));
  await widget.locator('[part~="step-up-form"] button[type="submit"]').click();
  await widget.locator('[part~="step-up-form"]').waitFor({ state: 'detached' });
}

/** Confirms the next LOTO step and waits until the server has it (the step shows as done). */
async function lotoStep(loto: Locator, done: number, lockNumber?: string) {
  const step = loto.getByRole('form', { name: /^Confirm: / });
  if (lockNumber) await step.getByLabel('Lock number', { exact: true }).fill(lockNumber);
  await step.getByRole('button', { name: /^Confirm: / }).click();
  await expect.poll(() => loto.locator('li.step--done').count(), { timeout: 20_000 }).toBe(done);
}

async function drawSignature(page: Page, canvas: Locator) {
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 15, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 15 + i * 12, box.y + box.height / 2 + (i % 2 ? -12 : 12));
  await page.mouse.up();
}

describe('a contractor does a whole work order from a one-time link on the hosted page', () => {
  it('when the contractor signs on, goes through LOTO, logs work, inspects, releases, signs off and confirms with a drawn signature, then the feed shows every step in order and the link only reads', async () => {
    // The main system shares a work order (checklist, LOTO procedure, hot-work permit) and issues a one-time link.
    await putWorkOrder(t, REF);
    const start = (await t.feed()).next;
    const link = await t.issueLink({
      subject: { type: 'work-order', ref: REF },
      actions: [
        'work-order:read',
        'work-order:log-work',
        'work-order:complete',
        'inspection:submit',
        'loto:acknowledge',
        'permit:sign',
      ],
      maxUses: 1,
      recipient: { email: 'biuro@elektromont.example', name: 'Tomasz Wójcik', locale: 'en' },
      stepUp: ['loto:acknowledge', 'permit:sign'],
    });

    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const requests = recordRequests(page);
    // E2E_THROTTLE=6 slows the page's CPU six times, to check the waits hold on a loaded machine.
    if (process.env.E2E_THROTTLE)
      await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', {
        rate: Number(process.env.E2E_THROTTLE),
      });
    await page.goto(link.url);
    // A one-time link asks for a click before it spends its use (mail scanners open links).
    await page.locator('amage-portal [part~="open-button"]').click();
    const wo = page.locator('amage-portal amage-work-order');
    await wo.locator('#wo-title').getByText('Wymiana zaworu proporcjonalnego').waitFor();

    // Permit: acknowledge both precautions, sign the workers on.
    await wo.locator('#tab-permits').click();
    const permits = wo.locator('amage-permit-log');
    const precautions = permits.getByRole('form', { name: 'Precautions' });
    await precautions.getByLabel('Your name', { exact: true }).fill('Jan Kowalski');
    const acknowledge = precautions.getByRole('button', { name: /^Acknowledge: / });
    for (let left = 2; left > 0; left--) {
      await acknowledge.first().click();
      await expect.poll(() => acknowledge.count()).toBe(left - 1);
    }
    const signOn = permits.getByRole('form', { name: 'Sign on: PTW-0091' });
    await expect(signOn.getByLabel('Your name', { exact: true }).inputValue()).resolves.toBe('Jan Kowalski');
    await signOn.getByLabel('Workers entering', { exact: true }).fill('Jan Kowalski\nPiotr Nowak');
    await signOn.getByRole('button', { name: 'Sign on', exact: true }).click();
    const signOff = permits.getByRole('form', { name: 'Sign off: PTW-0091' });
    await signOff.waitFor({ timeout: 20_000 });

    // LOTO isolation: per point lock (with its number), tag, try-out; then the sign-off, which needs the mailed code.
    await wo.locator('#tab-loto').click();
    const loto = wo.locator('amage-loto-procedure');
    await loto.locator('[part~="confirm-button"]').waitFor();
    await expect(
      loto
        .getByRole('form', { name: /^Confirm: / })
        .getByLabel('Your name', { exact: true })
        .inputValue(),
    ).resolves.toBe('Jan Kowalski');
    let done = 0;
    for (const point of ['E1', 'H1']) {
      await lotoStep(loto, ++done, `K-${point}`);
      await lotoStep(loto, ++done);
      await lotoStep(loto, ++done);
    }
    const beforeIsolationCode = (await t.feed(start)).next;
    await loto.locator('[part~="confirm-button"]').click();
    await enterCode(loto, 'loto:acknowledge', beforeIsolationCode);
    await loto.locator('p.ok').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => loto.locator('li.step--done').count(), { timeout: 20_000 }).toBe(++done); // the sign-off is a step too

    // Work: log time, workers and a photo.
    await wo.locator('#tab-work').click();
    const logForm = wo.getByRole('form', { name: 'Log work' });
    await logForm.getByLabel('or duration (minutes)', { exact: true }).fill('90');
    await logForm.getByLabel('Workers', { exact: true }).fill('Jan Kowalski\nPiotr Nowak');
    const photos = logForm.locator('amage-file-picker');
    await photos.locator('input[type="file"]').setInputFiles({ name: 'zawor.png', mimeType: 'image/png', buffer: PNG });
    await photos.locator('.item--done').waitFor({ timeout: 20_000 });
    await logForm.getByRole('button', { name: 'Save work log' }).click();
    await wo.locator('li', { hasText: 'Jan Kowalski, Piotr Nowak' }).waitFor({ timeout: 20_000 });

    // Inspection: each answer saved as the technician goes, then submitted with the inspector's name.
    await wo.locator('#tab-inspection').click();
    const inspection = wo.locator('amage-inspection');
    const leak = inspection.getByRole('form', { name: 'Brak wycieków' });
    await leak.getByRole('radio', { name: 'Pass' }).check();
    await leak.getByRole('button', { name: 'Save answer: Brak wycieków' }).click();
    const pressure = inspection.getByRole('form', { name: 'Ciśnienie robocze' });
    await pressure.getByLabel('Measured value (bar)', { exact: true }).fill('195');
    await pressure.getByRole('button', { name: 'Save answer: Ciśnienie robocze' }).click();
    const submission = inspection.getByRole('form', { name: 'Submit inspection' });
    await submission.getByLabel('Inspector’s name', { exact: true }).fill('Anna Inspektor');
    await submission.getByRole('button', { name: 'Submit inspection' }).click();
    await inspection.locator('p.ok', { hasText: 'Anna Inspektor' }).waitFor({ timeout: 20_000 });

    // LOTO release: locks off in reverse order, then the equipment returned to service (risky: a code again).
    await wo.locator('#tab-loto').click();
    await loto.locator('[part~="confirm-button"]').waitFor();
    for (let i = 0; i < 2; i++) await lotoStep(loto, ++done);
    const beforeReturnCode = (await t.feed(start)).next;
    await loto.locator('[part~="confirm-button"]').click();
    await enterCode(loto, 'loto:acknowledge', beforeReturnCode);
    await expect.poll(() => loto.locator('li.step--done').count(), { timeout: 20_000 }).toBe(++done);
    await expect.poll(() => loto.locator('[part~="confirm-button"]').count()).toBe(0);

    // Permit: everyone signed off at the end of the work (a risky action: code again).
    await wo.locator('#tab-permits').click();
    await signOff.getByLabel('Reason', { exact: true }).selectOption('work-complete');
    const beforePermitCode = (await t.feed(start)).next;
    await signOff.getByRole('button', { name: 'Sign off', exact: true }).click();
    await enterCode(permits, 'permit:sign', beforePermitCode);
    await signOff.waitFor({ state: 'detached', timeout: 20_000 });

    // Completion with a signature drawn on screen.
    await wo.locator('#tab-work').click();
    const completion = wo.getByRole('form', { name: 'Confirm completion' });
    await completion.getByLabel('What was done', { exact: true }).fill('Wymieniono zawór, próba ciśnienia OK.');
    await completion.getByLabel('Name of the person confirming', { exact: true }).fill('Jan Kowalski');
    await drawSignature(page, completion.locator('canvas[part~="signature"]'));
    await completion.getByRole('button', { name: 'Confirm completion' }).click();
    await wo.locator('p.ok', { hasText: 'Jan Kowalski' }).waitFor({ timeout: 20_000 });

    // The feed shows every step, in order.
    const { events } = await t.feedUntil(
      (evs) => evs.some((e) => e.type === 'work-order.completed' && e.subject.ref === REF),
      start,
    );
    const steps = events.filter(
      (e: PortalEvent) => e.subject.ref === REF && !e.type.startsWith('session.') && !e.type.startsWith('link.'),
    );
    expect(steps.map((e) => e.type)).toEqual([
      'permit.precaution-acknowledged',
      'permit.precaution-acknowledged',
      'permit.signed-on',
      ...Array(6).fill('loto.step-confirmed'),
      'step-up.requested',
      'loto.isolation-signed-off',
      'attachment.uploaded',
      'work.logged',
      'inspection.answer-saved',
      'inspection.answer-saved',
      'inspection.submitted',
      'loto.step-confirmed',
      'loto.step-confirmed',
      'step-up.requested',
      'loto.step-confirmed',
      'loto.released',
      'step-up.requested',
      'permit.signed-off',
      'work-order.completed',
    ]);
    expect(steps.find((e) => e.type === 'inspection.submitted')!.data).toMatchObject({ result: 'passed' });
    expect(steps.find((e) => e.type === 'work-order.completed')!.data).toMatchObject({
      confirmedBy: 'Jan Kowalski',
      signature: expect.stringMatching(/^data:image\/png;base64,/),
    });
    const shared = (await (await t.integration('GET', `/work-orders/${REF}`)).json()) as WorkOrderView;
    expect(shared.workLogs[0]!.attachments.map((a) => a.filename)).toEqual(['zawor.png']);

    // The link now only reads: the UI says so and offers no forms; a write answers work-order.completed.
    await wo.locator('.notice', { hasText: 'only shows it' }).waitFor();
    await expect(wo.locator('[part~="log-form"], [part~="completion-form"]').count()).resolves.toBe(0);
    const session = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith('amage-portals:session:'))!;
      return (JSON.parse(sessionStorage.getItem(key)!) as { token: string }).token;
    });
    const write = await t.portal(
      'POST',
      `/work-orders/${REF}/work-logs`,
      session,
      { durationMinutes: 10, workers: ['Jan'] },
      { 'idempotency-key': idempotencyKey() },
    );
    expect(write.status).toBe(409);
    expect(((await write.json()) as { code: string }).code).toBe('work-order.completed');
    // No token ever travelled in a URL of a request.
    expect(requests.filter((r) => r.url().includes('amg')).map((r) => r.url())).toEqual([]);
    await page.close();
  });

  it("when the one-time link is embedded in the plant's contractor intranet (an allowed origin), then <amage-work-order> asks for the click and shows the work order there", async () => {
    const ref = 'WO-E2E-EMBED';
    await putWorkOrder(t, ref);
    const link = await t.issueLink({
      subject: { type: 'work-order', ref },
      actions: ['work-order:read', 'work-order:log-work'],
      maxUses: 1,
      allowedOrigins: [demo.origin],
    });
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${demo.origin}/contractor.html#token=${link.token}`);
    const wo = page.locator('amage-work-order');
    await wo.locator('[part~="open-button"]').click();
    await wo.locator('#wo-title').getByText('Wymiana zaworu proporcjonalnego').waitFor();
    expect(page.url()).toBe(`${demo.origin}/contractor.html`);
    await page.locator('#log').getByText('amage-load', { exact: false }).waitFor();
    await page.close();
  });
});
