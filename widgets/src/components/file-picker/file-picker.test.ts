import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../internal/test/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { createClient, portalApiUrl } from '@amage/api-client';
import type { Attachment } from '@amage/contracts';
import './amage-file-picker.js';
import type AmageFilePicker from './file-picker.component.js';
import type { AmageFilesChangeEvent } from '../../events/files-change.js';
import { downscaleImage } from '../../internal/attachments.js';
import { SESSION, fakeApi, json, problem, type Route } from '../../internal/test/fake-api.js';

type Api = ReturnType<typeof fakeApi>;

const client = () => createClient({ baseUrl: portalApiUrl(location.origin), getToken: () => SESSION, retry: 0 });
const root = (el: Element) => el.shadowRoot!;
const items = (el: Element) => [...root(el).querySelectorAll<HTMLElement>('[part~="item"]')];
const input = (el: Element) => root(el).querySelector<HTMLInputElement>('input[type="file"]')!;

let uploaded = 0;
const attachmentFor = (filename: string, size: number, contentType: string): Attachment => ({
  id: `00000000-0000-4000-8000-${String(++uploaded).padStart(12, '0')}`,
  filename,
  contentType,
  size,
  sha256: 'a'.repeat(64),
  createdAt: '2026-12-01T08:00:00.000Z',
});

/** The server's upload route: stores the body and answers an Attachment. */
const bodies: { name: string; type: string; blob: Blob; key: string | null }[] = [];
const acceptUpload: Route = async (request) => {
  const blob = await request.blob();
  const name = decodeURIComponent(request.headers.get('x-filename') ?? '');
  bodies.push({
    name,
    type: request.headers.get('content-type') ?? '',
    blob,
    key: request.headers.get('idempotency-key'),
  });
  return json(201, attachmentFor(name, blob.size, request.headers.get('content-type') ?? ''));
};

async function image(width: number, height: number, type = 'image/jpeg', name = 'photo.jpg'): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#c33';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#33c';
  ctx.fillRect(0, 0, width / 2, height / 2);
  return new File([await canvas.convertToBlob({ type, quality: 0.9 })], name, { type });
}

const pdf = () => new File(['%PDF-1.4\n%%EOF\n'], 'WZ-2291.pdf', { type: 'application/pdf' });

/** Chooses files as the person would: sets the input's files and fires `change`. */
function choose(el: AmageFilePicker, ...files: File[]) {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  const field = input(el);
  field.files = transfer.files;
  field.dispatchEvent(new Event('change', { bubbles: true }));
}

const settled = (el: AmageFilePicker, count = 1) =>
  waitUntil(
    () => items(el).length === count && items(el).every((i) => !i.matches('.item--preparing, .item--uploading')),
    'uploads did not settle',
  );

describe('<amage-file-picker>', () => {
  // Its texts are modules loaded on demand (drawn empty until then); the tests start with both there.
  before(async () => {
    for (const lang of ['en', 'pl']) {
      const el = await fixture<AmageFilePicker>(html`<amage-file-picker lang=${lang}></amage-file-picker>`);
      await waitUntil(() => el.shadowRoot!.querySelector('input'));
    }
  });
  let api: Api;

  beforeEach(() => {
    bodies.length = 0;
    api = fakeApi({ 'POST /attachments': acceptUpload });
  });
  afterEach(() => {
    api.restore();
    document.documentElement.lang = 'en';
  });

  it('is accessible empty, and with an uploaded image and a failed file', async () => {
    const el = await fixture<AmageFilePicker>(
      html`<amage-file-picker .client=${client()} multiple></amage-file-picker>`,
    );
    await expect(el).to.be.accessible();
    api.routes['POST /attachments'] = async (request) =>
      request.headers.get('x-filename') === 'WZ-2291.pdf'
        ? problem(500, 'internal')
        : acceptUpload(request, {} as never);
    choose(el, await image(10, 10), pdf());
    await settled(el, 2);
    await expect(el).to.be.accessible();
  });

  it('has a labelled native file input with accept, capture and multiple, and the limits in its description', async () => {
    const el = await fixture<AmageFilePicker>(
      html`<amage-file-picker .client=${client()} capture="environment" multiple max-files="5"></amage-file-picker>`,
    );
    const field = input(el);
    expect(root(el).querySelector(`label[for="${field.id}"]`)!.textContent).to.equal('Attachments');
    expect(field.accept).to.contain('image/heic').and.contain('application/pdf').and.contain('video/quicktime');
    expect(field.getAttribute('capture')).to.equal('environment');
    expect(field.multiple).to.equal(true);
    expect(root(el).getElementById(field.getAttribute('aria-describedby')!)!.textContent)
      .to.contain('15 MB')
      .and.contain('5 files');
    const plain = await fixture<AmageFilePicker>(html`<amage-file-picker label="Zdjęcia dostawy"></amage-file-picker>`);
    expect(input(plain).hasAttribute('capture')).to.equal(false);
    expect(input(plain).multiple).to.equal(false);
    expect(root(plain).querySelector('label')!.textContent).to.equal('Zdjęcia dostawy');
  });

  it('when a file is chosen, then it is uploaded with its name, type and an Idempotency-Key, shown with a preview, and amage-files-change lists it', async () => {
    const el = await fixture<AmageFilePicker>(html`<amage-file-picker .client=${client()}></amage-file-picker>`);
    const photo = await image(40, 30, 'image/png', 'zdjęcie łożyska.png');
    const changes: AmageFilesChangeEvent['detail'][] = [];
    el.addEventListener('amage-files-change', (e) => changes.push(e.detail));
    choose(el, photo);
    const done = await oneEvent(el, 'amage-files-change');
    await settled(el);
    expect(done.detail.attachments).to.have.length(1);
    expect(changes[0]).to.deep.include({ attachments: [], pending: 1, failed: 0 });
    expect(changes.at(-1)).to.deep.include({ pending: 0, failed: 0 });
    expect(el.attachments.map((a) => a.filename)).to.deep.equal(['zdjęcie łożyska.png']);
    expect(bodies[0]).to.deep.include({ name: 'zdjęcie łożyska.png', type: 'image/png' });
    expect(bodies[0]!.blob.size).to.equal(photo.size);
    expect(bodies[0]!.key).to.match(/^[0-9a-f-]{36}$/);
    expect(api.calls[0]!.authorization).to.equal(`Bearer ${SESSION}`);
    const item = items(el)[0]!;
    expect(item.querySelector<HTMLImageElement>('[part~="preview"]')!.src).to.match(/^blob:/);
    expect(item.textContent).to.contain('Uploaded');
  });

  it('shows a PDF by name and size, without an image preview', async () => {
    const el = await fixture<AmageFilePicker>(html`<amage-file-picker .client=${client()}></amage-file-picker>`);
    choose(el, pdf());
    await settled(el);
    const item = items(el)[0]!;
    expect(item.querySelector('img')).to.equal(null);
    expect(item.textContent).to.contain('WZ-2291.pdf').and.contain('PDF').and.contain('kB');
  });

  it('while uploading, shows a labelled progress indicator', async () => {
    let release!: () => void;
    api.routes['POST /attachments'] = (request) =>
      new Promise((resolve) => (release = () => resolve(acceptUpload(request, {} as never))));
    const el = await fixture<AmageFilePicker>(html`<amage-file-picker .client=${client()}></amage-file-picker>`);
    choose(el, pdf());
    await waitUntil(() => root(el).querySelector('progress'), 'no progress shown');
    expect(root(el).querySelector('progress')!.getAttribute('aria-label')).to.equal('Uploading WZ-2291.pdf');
    expect(el.pending).to.equal(1);
    await waitUntil(() => release, 'request not sent');
    release();
    await settled(el);
    expect(root(el).querySelector('progress')).to.equal(null);
  });

  it('downscaleImage makes a 4000 px photo at most 2048 px as JPEG, and leaves small images, PDFs and HEIC alone', async () => {
    const big = await image(4000, 3000, 'image/png', 'scan.png');
    const smaller = await downscaleImage(big);
    expect(smaller.type).to.equal('image/jpeg');
    expect(smaller.name).to.equal('scan.jpg');
    const bitmap = await createImageBitmap(smaller);
    expect([bitmap.width, bitmap.height]).to.deep.equal([2048, 1536]);
    const small = await image(800, 600);
    expect(await downscaleImage(small)).to.equal(small);
    const doc = pdf();
    expect(await downscaleImage(doc)).to.equal(doc);
    const heic = new File([new Uint8Array(64)], 'IMG_0001.HEIC', { type: 'image/heic' });
    expect(await downscaleImage(heic)).to.equal(heic);
    const broken = new File([new Uint8Array([1, 2, 3])], 'broken.jpg', { type: 'image/jpeg' });
    expect(await downscaleImage(broken)).to.equal(broken);
  });

  it('when a large photo is chosen, then what is uploaded is the downscaled JPEG', async () => {
    const el = await fixture<AmageFilePicker>(html`<amage-file-picker .client=${client()}></amage-file-picker>`);
    choose(el, await image(3000, 4000, 'image/jpeg', 'IMG_2001.jpg'));
    await settled(el);
    const sent = await createImageBitmap(bodies[0]!.blob);
    expect(Math.max(sent.width, sent.height)).to.equal(2048);
    expect(bodies[0]!.type).to.equal('image/jpeg');
  });

  it('when the upload fails, then the error is shown by the file and Retry sends it again with the same Idempotency-Key', async () => {
    let fail = true;
    api.routes['POST /attachments'] = (request) =>
      fail ? problem(500, 'internal') : acceptUpload(request, {} as never);
    const el = await fixture<AmageFilePicker>(html`<amage-file-picker .client=${client()}></amage-file-picker>`);
    choose(el, pdf());
    await settled(el);
    const error = root(el).querySelector('[part~="error"]')!;
    expect(error.textContent).to.contain('The upload failed');
    const retry = root(el).querySelector<HTMLButtonElement>('[part~="retry-button"]')!;
    expect(retry.getAttribute('aria-describedby')).to.equal(error.id);
    expect(el.attachments).to.deep.equal([]);
    fail = false;
    const done = oneEvent(el, 'amage-files-change');
    retry.click();
    expect((await done).detail.attachments).to.have.length(1);
    const keys = api.calls.map((c) => c.idempotencyKey);
    expect(keys).to.have.length(2);
    expect(keys[0]).to.equal(keys[1]);
    expect(root(el).querySelector('[part~="retry-button"]')).to.equal(null);
  });

  it('when the server refuses the type, then says so without offering a retry', async () => {
    api.routes['POST /attachments'] = () => problem(415, 'attachment.type_not_allowed');
    const el = await fixture<AmageFilePicker>(
      html`<amage-file-picker .client=${client()} lang="pl"></amage-file-picker>`,
    );
    choose(el, new File(['MZ'], 'faktura.pdf', { type: 'application/pdf' }));
    await settled(el);
    expect(root(el).querySelector('[part~="error"]')!.textContent).to.contain('Ten rodzaj pliku nie jest przyjmowany');
    expect(root(el).querySelector('[part~="retry-button"]')).to.equal(null);
  });

  it('refuses a file of a type that is not offered before sending anything', async () => {
    const el = await fixture<AmageFilePicker>(html`<amage-file-picker .client=${client()}></amage-file-picker>`);
    choose(el, new File(['<html>'], 'page.html', { type: 'text/html' }));
    await settled(el);
    expect(root(el).querySelector('[part~="error"]')!.textContent).to.contain('not accepted');
    expect(api.calls).to.have.length(0);
  });

  it('when Remove is pressed, then the file leaves the list and the value, focus stays in the field, and amage-files-change fires', async () => {
    const el = await fixture<AmageFilePicker>(
      html`<amage-file-picker .client=${client()} multiple></amage-file-picker>`,
    );
    choose(el, pdf(), await image(20, 20, 'image/png', 'a.png'));
    await settled(el, 2);
    const changed = oneEvent(el, 'amage-files-change');
    root(el).querySelector<HTMLButtonElement>('[part~="remove-button"]')!.click();
    const { detail } = (await changed) as AmageFilesChangeEvent;
    expect(detail.attachments.map((a) => a.filename)).to.deep.equal(['a.png']);
    expect(el.attachments.map((a) => a.filename)).to.deep.equal(['a.png']);
    expect(items(el)).to.have.length(1);
    await waitUntil(
      () => root(el).activeElement?.getAttribute('aria-label') === 'Remove a.png',
      'focus did not move to the next file',
    );
  });

  it('works by keyboard: Tab reaches the input, then the remove button, and Enter removes', async () => {
    const el = await fixture<AmageFilePicker>(html`<amage-file-picker .client=${client()}></amage-file-picker>`);
    choose(el, pdf());
    await settled(el);
    input(el).focus();
    expect(root(el).activeElement).to.equal(input(el));
    await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement!.getAttribute('aria-label')).to.equal('Remove WZ-2291.pdf');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => items(el).length === 0, 'not removed');
    await waitUntil(() => root(el).activeElement === input(el), 'focus not back on the input');
  });

  it('takes no more than max-files and says why', async () => {
    const el = await fixture<AmageFilePicker>(
      html`<amage-file-picker .client=${client()} multiple max-files="2"></amage-file-picker>`,
    );
    choose(el, pdf(), pdf(), pdf());
    await settled(el, 2);
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain('at most 2 files');
    expect(input(el).disabled).to.equal(true);
  });

  it('when attachments are set (a restored draft), then they are listed by name; setting them keeps uploads still running', async () => {
    let release!: () => void;
    api.routes['POST /attachments'] = (request) =>
      new Promise((resolve) => (release = () => resolve(acceptUpload(request, {} as never))));
    const el = await fixture<AmageFilePicker>(
      html`<amage-file-picker .client=${client()} multiple></amage-file-picker>`,
    );
    const restored = attachmentFor('protokół.pdf', 2048, 'application/pdf');
    el.attachments = [restored];
    await el.updateComplete;
    expect(items(el)[0]!.textContent).to.contain('protokół.pdf');
    choose(el, pdf());
    await waitUntil(() => release, 'request not sent');
    el.attachments = [restored];
    await el.updateComplete;
    expect(items(el)).to.have.length(2);
    release();
    await settled(el, 2);
    expect(el.attachments.map((a) => a.filename)).to.deep.equal(['protokół.pdf', 'WZ-2291.pdf']);
    el.attachments = [];
    await el.updateComplete;
    expect(items(el)).to.have.length(0);
  });

  it('speaks Polish and English from lang', async () => {
    document.documentElement.lang = 'pl';
    const el = await fixture<AmageFilePicker>(
      html`<amage-file-picker .client=${client()} max-files="3"></amage-file-picker>`,
    );
    expect(root(el).querySelector('label')!.textContent).to.equal('Załączniki');
    expect(root(el).querySelector('[part~="hint"]')!.textContent).to.contain('najwyżej 3 pliki');
    choose(el, pdf());
    await settled(el);
    expect(items(el)[0]!.textContent).to.contain('Wysłano').and.contain('Usuń');
    el.setAttribute('lang', 'en');
    await waitUntil(
      () => root(el).querySelector('label')!.textContent === 'Attachments',
      'lang attribute not followed',
    );
    expect(items(el)[0]!.textContent).to.contain('Uploaded');
  });
});
