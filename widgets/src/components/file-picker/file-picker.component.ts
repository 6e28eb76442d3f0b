import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ApiError, isNetworkError, type KyInstance } from '@amage/api-client';
import type { Attachment } from '@amage/contracts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX_ITEMS } from '@amage/contracts/constants';
import { AmageElement } from '../../internal/amage-element.js';
import { ACCEPT_ALL, downscaleImage, mayBeAccepted, uploadAttachment } from '../../internal/attachments.js';
import { LocalizeController } from '../../internal/localize.js';
import { AmageFilesChangeEvent } from '../../events/files-change.js';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import { fieldStyles } from '../../styles/field.styles.js';
import { errorIcon } from '../../internal/form/field-markup.js';
import styles from './file-picker.styles.js';

type ItemState = 'preparing' | 'uploading' | 'done' | 'error';
type ErrorKey =
  | 'typeNotAllowed'
  | 'tooLarge'
  | 'quotaExceeded'
  | 'networkError'
  | 'sessionEnded'
  | 'uploadFailed'
  | 'noClient';

interface Item {
  key: number;
  name: string;
  size: number;
  type: string;
  state: ItemState;
  /** The file to send (already downscaled); absent for attachments set from outside. */
  file?: File;
  preview?: string;
  attachment?: Attachment;
  error?: ErrorKey;
  /** Kept across retries, so a lost answer is replayed rather than stored twice. */
  idempotencyKey: string;
  controller?: AbortController;
}

const MB = 1024 * 1024;
const RETRYABLE: ReadonlySet<ErrorKey> = new Set(['networkError', 'uploadFailed', 'noClient']);
let nextKey = 1;

function errorKey(error: unknown): ErrorKey {
  if (isNetworkError(error)) return 'networkError';
  if (error instanceof ApiError) {
    if (error.code === 'attachment.type_not_allowed') return 'typeNotAllowed';
    if (error.code === 'attachment.too_large') return 'tooLarge';
    if (error.code === 'attachment.subject_quota_exceeded') return 'quotaExceeded';
    if (error.status === 401) return 'sessionEnded';
  }
  return 'uploadFailed';
}

/**
 * @summary A file field for any widget: choose photos (or take one with the phone camera), PDFs and
 * short videos; each is downscaled if it is a large photo, uploaded at once, and shown with a
 * preview, its progress, and a retry or remove button. Internal: a parent widget sets `client`.
 *
 * @fires amage-files-change - The person added, removed or finished uploading a file. Detail
 * `{ attachments, pending, failed }`. Bubbles, composed.
 *
 * @csspart base - The wrapper.
 * @csspart label - The field label.
 * @csspart hint - The text about accepted files and limits.
 * @csspart input - The native file input.
 * @csspart list - The list of chosen files.
 * @csspart item - One file.
 * @csspart preview - An image preview.
 * @csspart progress - The upload indicator.
 * @csspart error - A file's error message.
 * @csspart required - The required mark (`*`) of the label.
 * @csspart field-error - The parent form's error for the field, and the "too many files" message.
 * @csspart retry-button - A failed file's "try again".
 * @csspart remove-button - A file's "remove".
 * @csspart button - Every button (retry, remove).
 * @csspart retry-button - A failed file's "try again".
 * @csspart remove-button - A file's "remove".
 *
 * @cssprop [--preview-size=3rem] - Width and height of a preview.
 * @cssprop [--amage-touch-target=2.75rem] - Height of controls and buttons.
 */
export default class AmageFilePicker extends AmageElement {
  static styles = [tokenStyles, hostStyles, messageStyles, fieldStyles, styles];

  private readonly localize = new LocalizeController(this);

  @query('#input') private accessor input!: HTMLInputElement;

  @state() private accessor items: Item[] = [];
  @state() private accessor announcement = '';
  @state() private accessor limitReached = false;

  /** The portal API client of the parent widget (with its token); uploads need it. */
  @property({ attribute: false }) accessor client: KyInstance | undefined = undefined;
  /** File types offered in the chooser (the server checks the content anyway). */
  @property() accessor accept = ACCEPT_ALL;
  /** `environment` (rear camera) or `user` (front camera) asks phones to take a photo directly. */
  @property() accessor capture = '';
  /** Allows choosing several files at once. */
  @property({ type: Boolean }) accessor multiple = false;
  /** Most files the field holds. */
  @property({ type: Number, attribute: 'max-files' }) accessor maxFiles = ATTACHMENTS_MAX_ITEMS;
  /** The field's label; defaults to "Attachments" in the page's language. */
  @property() accessor label = '';
  /** Longer side, in pixels, that photos are reduced to before upload. */
  @property({ type: Number, attribute: 'max-image-edge' }) accessor maxImageEdge = 2048;
  /** Marks the field as required (the parent form checks it). */
  @property({ type: Boolean }) accessor required = false;
  /** The parent form's error for the field, shown (and announced with the input) in the one error style. */
  @property() accessor error = '';
  /** Disables choosing and removing files. */
  @property({ type: Boolean, reflect: true }) accessor disabled = false;

  /** The uploaded files, in order. Setting it (e.g. from a restored draft) keeps uploads still running. */
  get attachments(): Attachment[] {
    return this.items.flatMap((item) => (item.state === 'done' && item.attachment ? [item.attachment] : []));
  }
  set attachments(value: readonly Attachment[]) {
    const current = this.attachments;
    if (current.length === value.length && current.every((a, i) => a.id === value[i]!.id)) return;
    const byId = new Map(this.items.filter((i) => i.attachment).map((i) => [i.attachment!.id, i]));
    const done = value.map(
      (attachment) =>
        byId.get(attachment.id) ?? {
          key: nextKey++,
          name: attachment.filename,
          size: attachment.size,
          type: attachment.contentType,
          state: 'done' as const,
          attachment,
          idempotencyKey: crypto.randomUUID(),
        },
    );
    const kept = new Set(done);
    for (const item of this.items) if (item.state === 'done' && !kept.has(item)) this.release(item);
    this.items = [...done, ...this.items.filter((i) => i.state !== 'done')];
    // Set from outside (the form was sent and emptied, a draft came back): an earlier "x uploaded" is stale.
    this.announcement = '';
    this.limitReached = false;
  }

  /** Files still being prepared or uploaded. */
  get pending(): number {
    return this.items.filter((i) => i.state === 'preparing' || i.state === 'uploading').length;
  }

  connectedCallback() {
    super.connectedCallback();
    // Previews are released on disconnect; a moved element makes them again.
    for (const item of this.items) if (item.file && !item.preview) item.preview = this.previewOf(item.file);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    for (const item of this.items) {
      if (item.preview) URL.revokeObjectURL(item.preview);
      item.preview = undefined;
    }
  }

  private previewOf(file: File): string | undefined {
    return file.type.startsWith('image/') && file.type !== 'image/heic' && file.type !== 'image/heif'
      ? URL.createObjectURL(file)
      : undefined;
  }

  private release(item: Item) {
    item.controller?.abort();
    if (item.preview) URL.revokeObjectURL(item.preview);
  }

  private update_(item: Item, changes: Partial<Item>) {
    Object.assign(item, changes);
    this.items = [...this.items];
  }

  private changed() {
    const failed = this.items.filter((i) => i.state === 'error').length;
    this.emit(new AmageFilesChangeEvent({ attachments: this.attachments, pending: this.pending, failed }));
  }

  private handleChange() {
    const chosen = [...(this.input.files ?? [])];
    this.input.value = ''; // choosing the same file again fires change again
    const room = Math.max(0, this.maxFiles - this.items.length);
    this.limitReached = chosen.length > room;
    const added: Item[] = chosen.slice(0, room).map((file) => ({
      key: nextKey++,
      name: file.name || 'attachment',
      size: file.size,
      type: file.type,
      state: 'preparing',
      idempotencyKey: crypto.randomUUID(),
    }));
    if (added.length === 0) return;
    this.items = [...this.items, ...added];
    this.changed();
    added.forEach((item, i) => void this.prepare(item, chosen[i]!));
  }

  /** Checks, downscales and uploads one chosen file. */
  private async prepare(item: Item, original: File) {
    if (!mayBeAccepted(original)) return this.fail(item, 'typeNotAllowed');
    const file = await downscaleImage(original, this.maxImageEdge);
    if (!this.items.includes(item)) return; // removed meanwhile
    this.update_(item, {
      file,
      name: file.name || item.name,
      size: file.size,
      type: file.type,
      preview: this.previewOf(file),
    });
    if (file.size > ATTACHMENT_MAX_BYTES) return this.fail(item, 'tooLarge');
    await this.upload(item);
  }

  private async upload(item: Item) {
    if (!this.client) return this.fail(item, 'noClient');
    const controller = new AbortController();
    this.update_(item, { state: 'uploading', error: undefined, controller });
    try {
      const attachment = await uploadAttachment(this.client, item.file!, {
        signal: controller.signal,
        idempotencyKey: item.idempotencyKey,
      });
      if (!this.items.includes(item)) return;
      this.update_(item, { state: 'done', attachment, controller: undefined });
      this.announcement = this.localize.table('filePicker').added(item.name);
      this.changed();
    } catch (error) {
      if (controller.signal.aborted || !this.items.includes(item)) return;
      this.fail(item, errorKey(error));
    }
  }

  private fail(item: Item, error: ErrorKey) {
    this.update_(item, { state: 'error', error, controller: undefined });
    this.announcement = this.localize.table('filePicker').failed(item.name);
    this.changed();
  }

  private handleRetry(item: Item) {
    void this.upload(item);
  }

  private async handleRemove(item: Item) {
    const index = this.items.indexOf(item);
    this.release(item);
    this.items = this.items.filter((i) => i !== item);
    this.limitReached = false;
    this.announcement = this.localize.table('filePicker').removed(item.name);
    this.changed();
    // Keep keyboard users in place: the next file's remove button, else the previous one, else the input.
    await this.updateComplete;
    const buttons = this.renderRoot.querySelectorAll<HTMLButtonElement>('.remove');
    (buttons[Math.min(index, buttons.length - 1)] ?? this.input).focus();
  }

  protected willUpdate(changed: PropertyValues<this>) {
    if (changed.has('client') && this.client) {
      // A client arriving late: files that waited for it go now.
      for (const item of this.items)
        if (item.state === 'error' && item.error === 'noClient' && item.file) void this.upload(item);
    }
  }

  private size(bytes: number): string {
    const megabytes = bytes >= 0.1 * MB;
    return this.localize.number(megabytes ? bytes / MB : Math.max(1, Math.round(bytes / 1024)), {
      style: 'unit',
      unit: megabytes ? 'megabyte' : 'kilobyte',
      unitDisplay: 'short',
      maximumFractionDigits: 1,
    });
  }

  private renderItem(item: Item) {
    const t = this.localize.table('filePicker');
    const errorId = `error-${item.key}`;
    const ext = /\.([A-Za-z0-9]{1,5})$/.exec(item.name)?.[1]?.toUpperCase() ?? '';
    return html`<li part="item" class="item item--${item.state}">
      ${
        item.preview
          ? html`<img part="preview" class="preview" src=${item.preview} alt="" />`
          : html`<span class="preview preview--icon" aria-hidden="true">${ext || '…'}</span>`
      }
      <span class="info">
        <span class="name">${item.name}</span>
        <span class="meta">
          ${this.size(item.size)}
          ${
            item.state === 'preparing' || item.state === 'uploading'
              ? html`<span class="status">
                <progress part="progress" class="progress" aria-label=${t.uploadingName(item.name)}></progress>
                ${item.state === 'preparing' ? t.preparing : t.uploading}
              </span>`
              : nothing
          }
          ${item.state === 'done' ? html`<span class="status status--done">${t.uploaded}</span>` : nothing}
        </span>
        ${
          item.state === 'error' && item.error
            ? html`<span part="error" class="field-error" id=${errorId}>
              ${errorIcon}<span>${item.error === 'tooLarge' ? t.tooLarge(ATTACHMENT_MAX_BYTES / MB) : t[item.error]}</span>
            </span>`
            : nothing
        }
      </span>
      <span class="actions">
        ${
          item.state === 'error' && item.error && RETRYABLE.has(item.error)
            ? html`<button
              part="button retry-button"
              class="button retry"
              type="button"
              aria-label=${t.retryName(item.name)}
              aria-describedby=${errorId}
              ?disabled=${this.disabled}
              @click=${() => this.handleRetry(item)}
            >
              ${t.retry}
            </button>`
            : nothing
        }
        <button
          part="button remove-button"
          class="button remove"
          type="button"
          aria-label=${t.removeName(item.name)}
          ?disabled=${this.disabled}
          @click=${() => void this.handleRemove(item)}
        >
          ${t.remove}
        </button>
      </span>
    </li>`;
  }

  render() {
    // Inside a form the texts are already there; a picker on its own waits one module for them.
    if (!this.localize.ready) return nothing;
    const t = this.localize.table('filePicker');
    const full = this.items.length >= this.maxFiles;
    return html`<div part="base" class="base">
      <span class="label-row"
        ><label part="label" class="label" for="input">${this.label || t.label}</label>${
          this.required ? html`<span part="required" class="required" aria-hidden="true">*</span>` : nothing
        }</span
      >
      <p part="hint" class="hint" id="hint">${t.hint(ATTACHMENT_MAX_BYTES / MB, this.maxFiles)}</p>
      <input
        part="input"
        class="input"
        id="input"
        type="file"
        accept=${this.accept}
        capture=${this.capture || nothing}
        ?multiple=${this.multiple}
        ?disabled=${this.disabled || full}
        aria-describedby=${this.error ? 'hint field-error' : 'hint'}
        aria-required=${this.required ? 'true' : nothing}
        aria-invalid=${this.error ? 'true' : 'false'}
        @change=${this.handleChange}
      />
      ${this.error ? html`<p part="field-error" class="field-error" id="field-error">${errorIcon}<span>${this.error}</span></p>` : nothing}
      ${this.limitReached ? html`<p part="field-error" class="field-error" role="alert">${errorIcon}<span>${t.tooMany(this.maxFiles)}</span></p>` : nothing}
      ${
        this.items.length
          ? html`<ul part="list" class="list" aria-label=${t.list}>
            ${repeat(
              this.items,
              (item) => item.key,
              (item) => this.renderItem(item),
            )}
          </ul>`
          : nothing
      }
      <p class="visually-hidden" role="status">${this.announcement}</p>
    </div>`;
  }
}
