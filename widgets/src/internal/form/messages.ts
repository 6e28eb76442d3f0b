import type { FieldError } from '@amage/contracts';
import type { LocalizeController } from '../localize.js';

/** What a form knows of a field (filled while rendering): where it is, what it is called, its limits. */
export interface FieldInfo {
  /** The control's id (the summary links to it). */
  readonly id: string;
  readonly label: string;
  /** What kind of value it takes: picks "Enter a date" over "Check this value". */
  readonly kind?: 'text' | 'number' | 'date' | 'time' | 'datetime' | 'email' | 'tel' | 'choice' | 'file';
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
  /** Shown with numeric limits: "at most 40 szt". */
  readonly unit?: string;
  /** Only whole numbers (pieces, counts). */
  readonly whole?: boolean;
}

/** A field error as the engine keeps it: the server's (or ajv's) error, with ajv's params when it came from the browser. */
export type FormError = FieldError & { readonly params?: Readonly<Record<string, unknown>> };

const limitOf = (e: FormError, name: 'limit' | 'missingProperty') => {
  const value = e.params?.[name];
  return typeof value === 'number' ? value : undefined;
};

/**
 * The one message for a field error, in the person's language, saying what is wrong and how to fix it:
 * the widget's own text for the code (`known`, e.g. "At most 40 szt are still open on this line"), the
 * shared texts of problem codes, then one made from the schema keyword and what the field allows
 * ("Enter at most 100 szt", "Use at most 200 characters", "Enter a date"). Never the server's or ajv's
 * English text.
 */
export function fieldMessage(
  localize: LocalizeController,
  error: FormError,
  info?: FieldInfo,
  known?: Readonly<Record<string, string | undefined>>,
): string {
  const t = localize.table('form');
  const key = error.keyword ?? '';
  const own = known?.[key] ?? t.problems[key];
  if (own) return own;
  const amount = (n: number) => `${localize.number(n)}${info?.unit ? ` ${info.unit}` : ''}`;
  switch (key) {
    case 'required':
    case 'minLength':
    case 'minItems':
      return info?.kind === 'choice' ? t.chooseOne : info?.kind === 'file' ? t.addFile : t.required;
    case 'maxLength': {
      const n = limitOf(error, 'limit') ?? info?.maxLength;
      return n === undefined ? t.keywords.maxLength : t.maxChars(n);
    }
    case 'maximum':
    case 'exclusiveMaximum': {
      const n = limitOf(error, 'limit') ?? info?.max;
      if (n === undefined) return t.keywords[key];
      return key === 'maximum' ? t.atMost(amount(n)) : t.lessThan(amount(n));
    }
    case 'minimum':
    case 'exclusiveMinimum': {
      const n = limitOf(error, 'limit') ?? info?.min;
      if (n === undefined) return t.keywords[key];
      return key === 'minimum' ? t.atLeast(amount(n)) : t.moreThan(amount(n));
    }
    case 'multipleOf':
      return t.wholeNumber;
    case 'type':
      return info?.kind === 'number' || info?.whole ? (info.whole ? t.wholeNumber : t.number) : t.keywords.type;
    case 'format':
    case 'pattern':
      return info?.kind && info.kind in t.formats ? t.formats[info.kind as keyof typeof t.formats] : t.keywords[key];
    default:
      return t.keywords[key] ?? t.invalid;
  }
}

/**
 * A sentence for a refusal of a whole form, by its code: the widget's table (`known`) first, then the
 * shared codes, else "the server did not accept this" with what to do — never the server's detail.
 */
export function describeProblem(
  localize: LocalizeController,
  code: string | undefined,
  known?: Readonly<Record<string, string | undefined>>,
): string {
  const t = localize.table('form');
  return (code && (known?.[code] ?? t.problems[code])) || t.refused;
}

interface AjvLikeError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** ajv errors (precompiled validators) as field errors, JSON pointers into the body, params kept for messages. */
export function schemaErrors(errors: readonly AjvLikeError[] | null | undefined): FormError[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === 'required'
        ? `/${String(e.params.missingProperty)}`
        : e.keyword === 'additionalProperties'
          ? `/${String(e.params.additionalProperty)}`
          : '';
    return {
      pointer: `${e.instancePath}${extra}`,
      message: e.message ?? 'is invalid',
      keyword: e.keyword,
      params: e.params,
    };
  });
}
