import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { session } from '@amage/api-client';
import type { SessionInfo } from '@amage/contracts';
import { AmageLoadErrorEvent } from '../../events/load-error.js';
import { AmageElement } from '../../internal/amage-element.js';
import { LocalizeController } from '../../internal/localize.js';
import { PortalAccessController } from '../../internal/portal-access.js';
import { PortalDataController } from '../../internal/portal-data.js';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import styles from './portal.styles.js';
import { widgetsBySubject } from './widget-registry.js';

/** The hosted page's language choice (its inline script reads the same key for `<html lang>`). */
const LANGUAGE_KEY = 'amage-portals:lang';
/** The switch's languages, each named in itself; "Automatic" follows the link and the browser. */
const LANGUAGES = [
  ['pl', 'Polski'],
  ['en', 'English'],
  ['de', 'Deutsch'],
] as const;
const DEAD_ENDS = new Set(['token.expired', 'token.used_up', 'token.revoked', 'session.revoked']);

function storedLanguage(): string {
  try {
    return localStorage.getItem(LANGUAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * @summary Opens an access link: asks the server what the token grants and shows the widget for
 * its subject (a job's progress, …). The hosted `/portal` page is this element with `hosted`.
 *
 * @fires amage-load-error - The link could not be opened. Detail `{ code, status }`. Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 * @fires amage-link-renewal-requested - A fresh link was requested. Detail `{ recipient }` (masked). Bubbles, composed.
 * The shown widget's own events (e.g. `amage-load`) bubble out of the portal too.
 *
 * @csspart base - The wrapper around the shown widget.
 * @csspart heading - The page's heading (`hosted`): what the link is about, with the record's number.
 * @csspart language - The language switch (`hosted`).
 * @csspart open-button - "Open" of a one-time link (the click before it is spent).
 * @csspart retry-button - "Try again" after a failed load.
 * @csspart renew-button - "Send me a new link" when the link has expired.
 * @csspart message - Loading, error and access messages.
 * @csspart button - Every button (retry, open, send new link).
 * @csspart dead-end-subject - What a link that no longer works was for.
 * @csspart dead-end-contact - Whom to ask about a link that no longer works.
 * @csspart dead-end-banner - A link that stopped working mid-way, above the widget, which stays.
 */
export default class AmagePortal extends AmageElement {
  static styles = [tokenStyles, hostStyles, messageStyles, styles];

  // After the element's own lang: the language switch's choice, then the recipient's locale (as GET /session
  // says it; the access controller has it from the session start too), then the page's.
  private readonly localize = new LocalizeController(
    this,
    () => (this.hosted ? this.chosenLang : '') || (this.data.task.value ?? this.access.preview)?.recipient.locale,
  );
  private readonly access = new PortalAccessController(this);
  private readonly data: PortalDataController<SessionInfo> = new PortalDataController(this, {
    access: this.access,
    localize: this.localize,
    args: () => [],
    load: (api, signal) => session.get(api, { signal }),
    loaded: (info) => void widgetsBySubject[info.subject.type]?.load(),
  });

  @state() private accessor chosenLang = storedLanguage();

  /** Server base URL; defaults to the origin the script was loaded from. */
  @property() accessor api = '';
  /** Link token (`amg_…`); defaults to `#token=` of the page URL. */
  @property() accessor token = '';
  /** The element is the page (the hosted `/portal`): it shows the page's heading and a language switch. */
  @property({ type: Boolean, reflect: true }) accessor hosted = false;

  connectedCallback() {
    super.connectedCallback();
    this.addEventListener(AmageLoadErrorEvent.type, this.handleLoadError);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.removeEventListener(AmageLoadErrorEvent.type, this.handleLoadError);
  }

  /** The shown widget met a dead end (the link was revoked mid-way): ask again, to show it with what the server says. */
  private readonly handleLoadError = (event: Event) => {
    const { detail } = event as AmageLoadErrorEvent;
    if (event.composedPath()[0] !== this && DEAD_ENDS.has(detail.code) && this.access.state === 'ready')
      void this.data.reload();
  };

  private handleLanguage(event: Event) {
    this.chosenLang = (event.target as HTMLSelectElement).value;
    try {
      if (this.chosenLang) localStorage.setItem(LANGUAGE_KEY, this.chosenLang);
      else localStorage.removeItem(LANGUAGE_KEY);
    } catch {
      /* storage unavailable: the choice lasts until the page closes */
    }
  }

  private heading(): string {
    const info = this.data.task.value ?? this.access.preview;
    const subject = info?.subject ?? this.access.problem?.subject;
    if (!subject) return this.localize.term('hostedHeading');
    const kind = this.localize.table('subjectKinds')[subject.type];
    const number = info ? info.about.number : this.access.problem?.subject?.number;
    return number ? this.localize.term('subjectHeading', kind, number) : kind;
  }

  private renderLanguageSwitch() {
    return html`<label part="language" class="language">
      <span>${this.localize.term('language')}</span>
      <select @change=${this.handleLanguage}>
        <option value="" ?selected=${!this.chosenLang}>${this.localize.term('languageAutomatic')}</option>
        ${LANGUAGES.map(
          ([code, name]) =>
            html`<option value=${code} lang=${code} ?selected=${this.chosenLang === code}>${name}</option>`,
        )}
      </select>
    </label>`;
  }

  private renderWidget(info: SessionInfo) {
    const widget = widgetsBySubject[info.subject.type];
    if (!widget) {
      return html`<div part="message" class="message"><p>${this.localize.term('unsupportedSubject')}</p></div>`;
    }
    const inputs = {
      api: this.api,
      token: this.access.sessionToken ?? '',
      lang: this.localize.lang(),
      ref: info.subject.ref,
    };
    return html`<div part="base" class="base">${widget.render(inputs)}</div>`;
  }

  render() {
    const content = this.data.render((info) => this.renderWidget(info));
    if (!this.hosted) return content;
    return html`<div class="page" lang=${this.localize.lang()}>
      <div class="page__bar">
        <h1 part="heading" class="page__heading">${this.heading()}</h1>
        ${this.renderLanguageSwitch()}
      </div>
      ${content}
    </div>`;
  }
}
