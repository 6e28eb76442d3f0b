import { html } from 'lit';
import type { Attachment } from '@amage/contracts';

/**
 * A file of the subject as a link-styled button (`.link` in form styles); `open` downloads it with the token.
 * @csspart file-button - A file of the subject (opens or downloads it).
 */
export const fileButton = (file: Pick<Attachment, 'filename'>, label: string, open: () => void) =>
  html`<button part="button file-button" class="link" type="button" aria-label=${label} @click=${open}>${file.filename}</button>`;
