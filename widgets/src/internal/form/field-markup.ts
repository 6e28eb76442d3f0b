// The markup of one field around any control (label with the required mark, hint, error with its icon,
// ids and `aria-describedby`): the one place every field of every widget is drawn by.
import { html, nothing, svg, type TemplateResult } from 'lit';

type Hint = string | TemplateResult | undefined;

/** What a control needs from its field: its id, what describes it, whether it is invalid or required. */
export interface ControlAttrs {
  readonly id: string;
  readonly describedBy: string | typeof nothing;
  readonly invalid: 'true' | 'false';
  readonly required: 'true' | typeof nothing;
  /** The error text, for a control that shows it itself (`inner` fields such as `<amage-file-picker>`). */
  readonly error?: string;
}

/** The error mark: the same icon (besides colour and text) in every widget. */
export const errorIcon = svg`<svg class="error-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><circle cx="8" cy="8" r="7" fill="currentColor"/><path d="M8 4.2v4.6" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/><circle cx="8" cy="11.6" r="1.05" fill="#fff"/></svg>`;

/**
 * The markup of one field around any control: label (with the required mark), control, hint, error.
 * `group` draws a fieldset with a legend (radio buttons, checkboxes).
 * @csspart field - A form field: label, control, hint and error.
 * @csspart label - The label (or legend) of a field.
 * @csspart required - The required mark beside a label.
 * @csspart hint - The hint under a field, and the notes of a form.
 * @csspart field-error - The error under a field, with its icon.
 */
export function fieldMarkup(o: {
  id: string;
  label: string | TemplateResult;
  required?: boolean;
  hint?: Hint;
  error?: string;
  group?: 'radiogroup' | 'group';
  /** The control draws its own label, hint and error (an element with a shadow root of its own). */
  inner?: boolean;
  control: (a: ControlAttrs) => TemplateResult;
}): TemplateResult {
  const hintId = o.hint ? `${o.id}-hint` : '';
  const errorId = o.error ? `${o.id}-error` : '';
  const attrs: ControlAttrs = {
    id: o.id,
    describedBy: [hintId, errorId].filter(Boolean).join(' ') || nothing,
    invalid: o.error ? 'true' : 'false',
    required: o.required ? 'true' : nothing,
    ...(o.error ? { error: o.error } : {}),
  };
  if (o.inner) return html`<div part="field" class="field">${o.control(attrs)}</div>`;
  const mark = o.required ? html`<span part="required" class="required" aria-hidden="true">*</span>` : nothing;
  const hint = o.hint ? html`<p part="hint" class="hint" id=${hintId}>${o.hint}</p>` : nothing;
  const error = o.error
    ? html`<p part="field-error" class="field-error" id=${errorId}>${errorIcon}<span>${o.error}</span></p>`
    : nothing;
  if (o.group)
    return html`<fieldset
      part="field"
      class="field field--group"
      id=${o.id}
      tabindex="-1"
      role=${o.group === 'radiogroup' ? 'radiogroup' : nothing}
      aria-required=${o.group === 'radiogroup' ? attrs.required : nothing}
      aria-invalid=${o.group === 'radiogroup' ? attrs.invalid : nothing}
      aria-describedby=${attrs.describedBy}
    >
      <legend part="label" class="label">${o.label}${mark}</legend>
      ${hint} ${o.control(attrs)} ${error}
    </fieldset>`;
  // The mark sits beside the label, not in it: the label's text stays the field's name exactly
  // ("Quantity"), and `aria-required` tells assistive technology what the mark shows.
  return html`<div part="field" class="field">
    <span class="label-row"><label part="label" class="label" for=${o.id}>${o.label}</label>${mark}</span>
    ${hint} ${o.control(attrs)} ${error}
  </div>`;
}
