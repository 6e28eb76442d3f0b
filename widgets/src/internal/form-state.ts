import { ApiError, isNetworkError } from '@amage/api-client';
import type { FieldError } from '@amage/contracts';
import type { LocalizeController } from './localize.js';

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

/** A fresh Idempotency-Key; kept with the draft until the submit succeeds, so a retry sends the same one. */
export const newSubmitKey = () => crypto.randomUUID();

interface AjvLikeError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** ajv errors (precompiled validators) as the server's field errors: JSON pointers into the body. */
export function schemaErrors(errors: readonly AjvLikeError[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === 'required'
        ? `/${String(e.params.missingProperty)}`
        : e.keyword === 'additionalProperties'
          ? `/${String(e.params.additionalProperty)}`
          : '';
    return { pointer: `${e.instancePath}${extra}`, message: e.message ?? 'is invalid', keyword: e.keyword };
  });
}

/** What a failed submit means for the form. */
export interface SubmitFailure {
  /** `network`, a server problem code, or `internal`. */
  code: string;
  status: number;
  errors: FieldError[];
  /** The same submit may be sent again with the same key (network, 5xx, 409 in progress). */
  retry: boolean;
}

export function submitFailure(error: unknown): SubmitFailure {
  if (error instanceof ApiError) {
    return {
      code: error.code,
      status: error.status,
      errors: error.errors,
      retry: error.status >= 500 || error.code === 'idempotency.in_progress',
    };
  }
  if (isNetworkError(error)) return { code: 'network', status: 0, errors: [], retry: true };
  return { code: 'internal', status: 0, errors: [], retry: true };
}

/** Field errors keyed by pointer; several per field are joined. */
export function errorMap(
  errors: readonly FieldError[],
  translate: (e: FieldError) => string,
  rewrite: (pointer: string) => string = (p) => p,
) {
  const map = new Map<string, string>();
  for (const e of errors) {
    const key = rewrite(e.pointer);
    const text = translate(e);
    map.set(key, map.has(key) ? `${map.get(key)} ${text}` : text);
  }
  return map;
}

/**
 * A translated message for one field error, never the server's or ajv's English text: by problem
 * code (`keyword` is a code such as `order.date_in_past` when the server checked it), else by ajv
 * keyword (`required`, `maxLength`, `minimum`…), else a generic "check this value". `known` is the
 * widget's own table of codes, looked at first.
 */
export function fieldMessage(
  localize: LocalizeController,
  error: Pick<FieldError, 'keyword'>,
  known?: Readonly<Record<string, string>>,
): string {
  const t = localize.table('form');
  const key = error.keyword;
  if (!key) return t.invalid;
  return known?.[key] ?? t.problems[key] ?? t.keywords[key] ?? t.invalid;
}

/**
 * A translated sentence for a problem of a whole form, by its code; `known` (the widget's own table)
 * first, then the shared codes, else a translated "the server refused this" — never the server's detail.
 */
export function describeProblem(
  localize: LocalizeController,
  code: string | undefined,
  known?: Readonly<Record<string, string>>,
): string {
  const t = localize.table('form');
  return (code && (known?.[code] ?? t.problems[code])) || t.refused;
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
