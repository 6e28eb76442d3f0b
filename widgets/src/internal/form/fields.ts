// The shared field renderers: every control of every widget gets its label, hint, required mark, error,
// ids, `aria-describedby` and parts from here, so a field looks and behaves the same everywhere.
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { LocalizeController } from '../localize.js';
import type { AnyForm } from './form-controller.js';
import type { FieldInfo } from './messages.js';
import { errorIcon, fieldMarkup, type ControlAttrs } from './field-markup.js';

export type { ControlAttrs } from './field-markup.js';

type Hint = string | TemplateResult | undefined;

export interface FieldOptions {
  /** The field's name in its form: errors at this name show here (pointers map to it through the spec). */
  readonly name: string;
  readonly label: string | TemplateResult;
  /** What the field wants, shown under the label ("Up to 40 szt", "One name per line"). */
  readonly hint?: Hint;
  readonly required?: boolean;
  /** The field's limits and kind, for messages ("Enter at most 40 szt"). */
  readonly info?: Omit<FieldInfo, 'id' | 'label'>;
}

/** The id of a form's control: `<form prefix>-<field>`, safe for selectors. */
const controlId = (form: AnyForm, name: string) =>
  `${form.prefix}-${name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+/, '')}`;

const labelText = (label: string | TemplateResult) => (typeof label === 'string' ? label : '');

/** Registers the field with its form and draws it around `control`. */
export function customField(
  form: AnyForm,
  o: FieldOptions & { group?: 'radiogroup' | 'group'; inner?: boolean },
  control: (a: ControlAttrs) => TemplateResult,
): TemplateResult {
  const id = controlId(form, o.name);
  form.field(o.name, { id, label: labelText(o.label), ...o.info });
  return fieldMarkup({
    id,
    label: o.label,
    required: o.required,
    hint: o.hint,
    error: form.error(o.name),
    group: o.group,
    inner: o.inner,
    control,
  });
}

/** A one-line input. `onInput` gets the text; the field's error goes as soon as it is edited. */
export function inputField(
  form: AnyForm,
  o: FieldOptions & {
    value: string;
    onInput: (value: string) => void;
    type?: 'text' | 'number' | 'date' | 'time' | 'datetime-local' | 'email' | 'tel' | 'search';
    inputmode?: 'numeric' | 'decimal' | 'tel' | 'email' | 'text';
    autocomplete?: string;
    min?: string | number;
    max?: string | number;
    step?: string | number;
    maxLength?: number;
    class?: string;
  },
): TemplateResult {
  const type = o.type ?? 'text';
  const kind: FieldInfo['kind'] =
    type === 'datetime-local' ? 'datetime' : type === 'search' ? 'text' : (type as FieldInfo['kind']);
  return customField(
    form,
    {
      ...o,
      info: {
        kind,
        ...(typeof o.min === 'number' ? { min: o.min } : {}),
        ...(typeof o.max === 'number' ? { max: o.max } : {}),
        ...(o.maxLength ? { maxLength: o.maxLength } : {}),
        ...o.info,
      },
    },
    (a) => html`<input
      part="input"
      class="input ${o.class ?? ''}"
      id=${a.id}
      type=${type}
      .value=${live(o.value)}
      inputmode=${o.inputmode ?? nothing}
      autocomplete=${o.autocomplete ?? 'off'}
      min=${o.min ?? nothing}
      max=${o.max ?? nothing}
      step=${o.step ?? nothing}
      maxlength=${o.maxLength ?? nothing}
      aria-required=${a.required}
      aria-invalid=${a.invalid}
      aria-describedby=${a.describedBy}
      @input=${(e: Event) => o.onInput((e.target as HTMLInputElement).value)}
    />`,
  );
}

/** A multi-line text. */
export function textareaField(
  form: AnyForm,
  o: FieldOptions & { value: string; onInput: (value: string) => void; rows?: number; maxLength?: number },
): TemplateResult {
  return customField(
    form,
    { ...o, info: { kind: 'text', ...(o.maxLength ? { maxLength: o.maxLength } : {}), ...o.info } },
    (a) => html`<textarea
      part="input"
      class="input"
      id=${a.id}
      rows=${o.rows ?? 3}
      maxlength=${o.maxLength ?? nothing}
      .value=${live(o.value)}
      aria-required=${a.required}
      aria-invalid=${a.invalid}
      aria-describedby=${a.describedBy}
      @input=${(e: Event) => o.onInput((e.target as HTMLTextAreaElement).value)}
    ></textarea>`,
  );
}

/** A choice from a list; `placeholder` is the empty first option ("Choose…"). */
export function selectField(
  form: AnyForm,
  o: FieldOptions & {
    value: string;
    options: readonly (readonly [value: string, label: string])[];
    onChange: (value: string) => void;
    placeholder?: string;
  },
): TemplateResult {
  return customField(
    form,
    { ...o, info: { kind: 'choice', ...o.info } },
    (a) => html`<select
      part="input"
      class="input"
      id=${a.id}
      aria-required=${a.required}
      aria-invalid=${a.invalid}
      aria-describedby=${a.describedBy}
      @change=${(e: Event) => o.onChange((e.target as HTMLSelectElement).value)}
    >
      ${o.placeholder !== undefined ? html`<option value="" ?selected=${!o.value}>${o.placeholder}</option>` : nothing}
      ${o.options.map(([value, label]) => html`<option value=${value} ?selected=${value === o.value}>${label}</option>`)}
    </select>`,
  );
}

/**
 * Radio buttons (one value) or checkboxes (several) in a fieldset whose legend is the label.
 * @csspart choice - One radio button or checkbox with its label.
 */
export function choiceField(
  form: AnyForm,
  o: FieldOptions & {
    type: 'radio' | 'checkbox';
    options: readonly (readonly [value: string, label: string])[];
    value: string | readonly string[];
    onChange: (value: string, checked: boolean) => void;
  },
): TemplateResult {
  const chosen = (v: string) => (Array.isArray(o.value) ? o.value.includes(v) : o.value === v);
  return customField(
    form,
    { ...o, group: o.type === 'radio' ? 'radiogroup' : 'group', info: { kind: 'choice', ...o.info } },
    (a) =>
      html`<div class="choices">${o.options.map(
        ([value, label], i) => html`<label part="choice" class="choice">
          <input
            part="input"
            type=${o.type}
            name=${a.id}
            id="${a.id}-${i}"
            value=${value}
            .checked=${live(chosen(value))}
            @change=${(e: Event) => o.onChange(value, (e.target as HTMLInputElement).checked)}
          /><span>${label}</span>
        </label>`,
      )}</div>`,
  );
}

/** The list of what to correct after a refused submit, each linking to its field; focused by the engine. */
export function errorSummary(form: AnyForm, localize: LocalizeController): TemplateResult | typeof nothing {
  const errors = form.errors();
  if (!errors.length) return nothing;
  const t = localize.table('form');
  return html`<div part="error-summary" class="error-summary" tabindex="-1" role="alert">
    <p class="error-summary__title">${errorIcon}<span>${t.errorSummary(errors.length)}</span></p>
    <ul>
      ${errors.map(
        ({ field, message, info }) => html`<li>
          <a
            href="#${info?.id ?? controlId(form, field)}"
            @click=${(e: Event) => {
              e.preventDefault();
              form.focusField(field);
            }}
            >${info?.label ? `${info.label}: ` : ''}${message}</a
          >
        </li>`,
      )}
    </ul>
  </div>`;
}

/**
 * Under the submit button: sending, sent, or why the whole form was refused; while the form's write waits
 * in the queue, that it will go by itself, with "Send now" and "Don't send". Always present, so screen
 * readers hear each change (polite).
 */
export function formStatus(form: AnyForm, localize: LocalizeController): TemplateResult {
  const t = localize.table('form');
  const waiting = form.waiting.length > 0 && !form.stepUp;
  const status = waiting ? { text: t.queued, tone: 'info' as const } : form.status;
  return html`<div part="form-status" class="form-status ${status ? `form-status--${status.tone}` : ''}" role="status">
    ${
      status?.tone === 'error'
        ? html`<p role="alert">${errorIcon}<span>${status.text}</span></p>`
        : status
          ? html`<p>${status.text}</p>`
          : nothing
    }
    ${
      waiting
        ? html`<div class="actions">
          <button type="button" part="button" class="button button--small" @click=${() => form.sendNow()}>${t.sendNow}</button>
          <button type="button" part="button" class="button button--small" @click=${() => form.unqueue()}>${t.dontSend}</button>
        </div>`
        : nothing
    }
    ${form.parked ? html`<p class="hint">${t.parked}</p>` : nothing}
  </div>`;
}

/** "Your unsent entries were restored" with "Start over", once, after a draft came back. */
export function restoredNote(form: AnyForm, localize: LocalizeController) {
  if (!form.restored) return nothing;
  const t = localize.table('form');
  return html`<p part="hint" class="hint restored" role="status">
    ${t.draftRestored}
    <button type="button" part="button" class="button button--small" @click=${() => form.reset()}>${t.startOver}</button>
  </p>`;
}

/** "Fields marked * are required." at the top of a form that has required fields. */
export const requiredNote = (localize: LocalizeController) =>
  html`<p part="hint" class="hint required-note">${localize.table('form').requiredNote}</p>`;

/** The submit button: off while sending, or while a `once` form's write waits in the queue. */
export function submitButton(
  form: AnyForm,
  label: string | TemplateResult,
  o: { primary?: boolean; disabled?: boolean } = {},
): TemplateResult {
  return html`<button
    type="submit"
    part="button submit-button"
    class="button ${o.primary === false ? '' : 'button--primary'}"
    ?disabled=${form.busy || (form.holding && !form.stepUp) || Boolean(o.disabled)}
    aria-busy=${form.busy ? 'true' : 'false'}
  >
    ${label}
  </button>`;
}
