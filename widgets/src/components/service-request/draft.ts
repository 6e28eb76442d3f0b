const PREFIX = 'amage-portals:draft:';

/**
 * A form's draft in localStorage, keyed by subject and form, so what a person typed survives a
 * reload, a lost network and a refused submit. Storage may be blocked (sandboxed frames): then the
 * draft lives as long as the page.
 */
export class DraftStore<T> {
  constructor(private readonly key: string) {}

  load(): T | undefined {
    try {
      const raw = localStorage.getItem(PREFIX + this.key);
      return raw ? (JSON.parse(raw) as T) : undefined;
    } catch {
      return undefined;
    }
  }

  save(value: T) {
    try {
      localStorage.setItem(PREFIX + this.key, JSON.stringify(value));
    } catch {
      /* storage unavailable or full */
    }
  }

  clear() {
    try {
      localStorage.removeItem(PREFIX + this.key);
    } catch {
      /* storage unavailable */
    }
  }
}

/** The code of a QR label in the page URL: `?asset=QR-A100` or `#asset=QR-A100`. */
export function assetCodeFromUrl(): string | undefined {
  const fromQuery = new URLSearchParams(location.search).get('asset');
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('asset');
  return (fromQuery || fromHash || undefined)?.trim().slice(0, 100);
}
