// Photos for the subcontractor widgets' browser tests: a stubbed upload route and a way to "take" one.
import { waitUntil } from '../../test/wait.js';
import type { Attachment } from '@amage/contracts';
import { deferred, json, type Route } from '../../test/fake-api.js';
import { WO_NOW } from './fixtures.js';

let count = 0;

/** The server's `POST /attachments`: answers an Attachment; `hold` keeps the answer back until released. */
export function uploads() {
  const stored: Attachment[] = [];
  let gate: ReturnType<typeof deferred<void>> | undefined;
  const route: Route = async (request) => {
    const blob = await request.blob();
    if (gate) await gate.promise;
    const attachment: Attachment = {
      id: `00000000-0000-4000-8000-${String(++count).padStart(12, '0')}`,
      filename: decodeURIComponent(request.headers.get('x-filename') ?? 'photo.png'),
      contentType: request.headers.get('content-type') ?? 'image/png',
      size: blob.size,
      sha256: 'b'.repeat(64),
      createdAt: WO_NOW,
    };
    stored.push(attachment);
    return json(201, attachment);
  };
  return {
    route,
    stored,
    hold: () => (gate = deferred<void>()),
    release: () => {
      gate?.resolve();
      gate = undefined;
    },
  };
}

async function photoFile(name = 'lock.png'): Promise<File> {
  const canvas = new OffscreenCanvas(8, 8);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#c33';
  ctx.fillRect(0, 0, 8, 8);
  return new File([await canvas.convertToBlob({ type: 'image/png' })], name, { type: 'image/png' });
}

/** The photo field (`<amage-file-picker>`) in `scope` (a form, or a widget's shadow root). */
export const pickerIn = (scope: Element) =>
  (scope.shadowRoot ?? scope).querySelector<HTMLElement & { attachments: Attachment[] }>('amage-file-picker')!;

/** Chooses a photo in the photo field of `scope`, as the phone's camera gives it. */
export async function takePhoto(scope: Element, name?: string) {
  await waitUntil(() => pickerIn(scope), 'no photo field');
  const picker = pickerIn(scope);
  const input = await waitUntil(() => picker.shadowRoot?.querySelector('input[type="file"]')).then(
    () => picker.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!,
  );
  const transfer = new DataTransfer();
  transfer.items.add(await photoFile(name));
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return picker;
}

/** Waits until the picker shows every file as uploaded. */
export const uploaded = (picker: Element, n = 1) =>
  waitUntil(() => picker.shadowRoot!.querySelectorAll('.item--done').length === n, 'photo not uploaded');
