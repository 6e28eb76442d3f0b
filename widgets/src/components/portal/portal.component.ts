import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { session } from '@amage/api-client';
import type { SessionInfo } from '@amage/contracts';
import { AmageElement } from '../../internal/amage-element.js';
import { LocalizeController } from '../../internal/localize.js';
import { PortalAccessController } from '../../internal/portal-access.js';
import { PortalDataController } from '../../internal/portal-data.js';
import { hostStyles } from '../../styles/host.styles.js';
import { messageStyles } from '../../styles/message.styles.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import styles from './portal.styles.js';
import { widgetsBySubject } from './widget-registry.js';

/**
 * @summary Opens an access link: asks the server what the token grants and shows the widget for
 * its subject (a job's progress, …). The hosted `/portal` page is just this element.
 *
 * @fires amage-load-error - The link could not be opened. Detail `{ code, status }`. Bubbles, composed.
 * @fires amage-session-expired - The link or session expired. Detail `{ renewable }`. Bubbles, composed.
 * @fires amage-link-renewal-requested - A fresh link was requested. Detail `{ recipient }` (masked). Bubbles, composed.
 * The shown widget's own events (e.g. `amage-load`) bubble out of the portal too.
 *
 * @csspart base - The wrapper around the shown widget.
 * @csspart open-button - "Open" of a one-time link (the click before it is spent).
 * @csspart retry-button - "Try again" after a failed load.
 * @csspart renew-button - "Send me a new link" when the link has expired.
 * @csspart message - Loading, error and access messages.
 * @csspart button - Every button (retry, open, send new link).
 */
export default class AmagePortal extends AmageElement {
  static styles = [tokenStyles, hostStyles, messageStyles, styles];

  // The link recipient's locale is used when the page says nothing about language.
  private readonly localize = new LocalizeController(this, () => this.data.task.value?.recipient.locale);
  private readonly access = new PortalAccessController(this);
  private readonly data: PortalDataController<SessionInfo> = new PortalDataController(this, {
    access: this.access,
    localize: this.localize,
    args: () => [],
    load: (api, signal) => session.get(api, { signal }),
    loaded: (info) => void widgetsBySubject[info.subject.type]?.load(),
  });

  /** Server base URL; defaults to the origin the script was loaded from. */
  @property() accessor api = '';
  /** Link token (`amg_…`); defaults to `#token=` of the page URL. */
  @property() accessor token = '';

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
    return this.data.render((info) => this.renderWidget(info));
  }
}
