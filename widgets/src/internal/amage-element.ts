import { LitElement } from 'lit';
import type { Languages } from '../translations/index.js';
import { useLanguages } from './localize.js';

/** Bumped with the package version; tells two loaded copies apart. */
export const VERSION = '0.1.0';

/** Base of every AMAGE element: idempotent registration, typed event dispatch. */
export class AmageElement extends LitElement {
  static readonly version = VERSION;

  /**
   * Registers the element under `tag` unless something already is: the same class, or another copy of
   * the same version (customers may load the bundle twice, e.g. npm build and CDN), is a no-op; a copy
   * of another version is kept and reported with `console.warn`. `languages`: the element's own
   * language modules (the CDN build passes each element a table per language with only its keys).
   */
  static define(tag: string, languages?: Languages) {
    if (languages) useLanguages(this, languages);
    const existing = customElements.get(tag) as (CustomElementConstructor & { version?: string }) | undefined;
    if (!existing) {
      customElements.define(tag, this);
      return;
    }
    if (existing === this || existing.version === VERSION) return;
    console.warn(
      `<${tag}> is already defined (version ${existing.version ?? 'unknown'}); this copy (version ${VERSION}) was not registered.`,
    );
  }

  /** Dispatches an `amage-*` event from the host. */
  emit<E extends Event>(event: E): E {
    this.dispatchEvent(event);
    return event;
  }
}
