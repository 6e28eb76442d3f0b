/**
 * A translation table with one text per code of `Code`. Leaving a code out fails to compile (in every
 * language); naming one that is not in `Code` fails in `en.ts`, and in the other languages
 * `translations.test.ts`. Looking up any other string gives `undefined`, so a code this version does not
 * know (from a newer server) falls back where it is shown.
 */
export type Texts<Code extends string> = Readonly<Record<Code, string>> & {
  readonly [other: string]: string | undefined;
};

/** `table` as the texts of `Code`: `texts<JobStatus>({ new: 'New', … })`. */
export const texts = <Code extends string>(table: Record<Code, string>): Texts<Code> => table;
