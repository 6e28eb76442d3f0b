// Captures everything a page could print while a test runs, as text, to look for secrets in it.

const METHODS = [
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'trace',
  'dir',
  'dirxml',
  'table',
  'group',
  'groupCollapsed',
  'assert',
] as const;

/**
 * Every string inside `value`, however deep: own properties (symbols and non-enumerable ones included),
 * error messages, stacks and causes, the entries of Maps, Sets, Headers and other iterables, the readable
 * properties of platform objects (a Request's url and headers) and the markup of DOM nodes (attributes).
 * `String(value)` would turn an object holding a token into "[object Object]".
 */
function deepText(value: unknown, seen = new WeakSet<object>(), depth = 0): string {
  if (typeof value === 'string') return value;
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return String(value);
  if (seen.has(value) || depth > 12) return '';
  seen.add(value);
  const next = (v: unknown) => deepText(v, seen, depth + 1);
  const parts: string[] = [];
  const read = (get: () => unknown) => {
    try {
      parts.push(next(get()));
    } catch {
      /* a getter that throws holds nothing to print */
    }
  };
  if (value instanceof Error) parts.push(value.name, value.message, value.stack ?? '');
  if (value instanceof Element) parts.push(value.outerHTML);
  else if (value instanceof Node) parts.push(value.textContent ?? '');
  if (typeof value === 'object' && Symbol.iterator in value) {
    try {
      for (const item of value as Iterable<unknown>) parts.push(next(item));
    } catch {
      /* not iterable after all */
    }
  }
  if (typeof value === 'function') return parts.join(' ');
  for (const key of Reflect.ownKeys(value)) {
    parts.push(String(key));
    read(() => (value as Record<PropertyKey, unknown>)[key]);
  }
  // Platform objects (Request, URL, Headers, Response) keep what they print in getters on their prototypes.
  if (!(value instanceof Node)) {
    for (
      let proto = Object.getPrototypeOf(value);
      proto && proto !== Object.prototype;
      proto = Object.getPrototypeOf(proto)
    ) {
      if (proto === Array.prototype || proto === Error.prototype) break;
      for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
        if (descriptor.get) read(() => (value as Record<string, unknown>)[key]);
      }
    }
  }
  return parts.join(' ');
}

/**
 * Replaces every console method and listens for uncaught errors and rejections until `restore()`;
 * `text()` is all of it, each argument serialised with `deepText`.
 */
export function captureConsole() {
  const captured: unknown[] = [];
  const originals = METHODS.map((m) => console[m]);
  for (const m of METHODS) {
    console[m] = (...args: unknown[]) => {
      // console.assert prints only when its first argument is falsy.
      if (m !== 'assert' || !args[0]) captured.push(...args);
    };
  }
  const onError = (event: ErrorEvent) => void captured.push(event.message, event.error);
  const onRejection = (event: PromiseRejectionEvent) => void captured.push(event.reason);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    text: () => captured.map((value) => deepText(value)).join('\n'),
    restore: () => {
      for (const [i, m] of METHODS.entries()) console[m] = originals[i] as never;
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}
