const PREFIX = 'amage-portals:draft:';

/**
 * A form's draft in localStorage, keyed by subject (and form), so what a person typed survives a
 * reload, a lost network and a refused submit. Storage may be blocked (sandboxed frames): then
 * drafts simply live as long as the page.
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

/** A textarea of names, one a line: trimmed, empty lines and repeats dropped. */
export const lines = (text: string) => [
  ...new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  ),
];
