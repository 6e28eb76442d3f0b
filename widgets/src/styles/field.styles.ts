import { css } from 'lit';

/**
 * The fields of every widget (`internal/form/fields.ts`): label, required mark, hint, control, the one
 * error style (danger colour, icon, text), the error summary, the form's status line. Controls and buttons
 * (`message.styles.ts`) are `--amage-touch-target` high (default 2.75rem, 44 px) and grow with it.
 */
export const fieldStyles = css`
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--_space-xs);
    margin: 0 0 var(--_space-m);
    min-width: 0; /* a field may be narrower than an input's default 20 characters (320 px screens) */
    border: 0;
    padding: 0;
  }
  /* A fieldset that only groups (to disable a form's controls while its write waits): no box of its own. */
  fieldset.plain {
    border: 0;
    padding: 0;
    margin: 0;
    min-width: 0;
  }
  fieldset.field--group {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space-s) var(--_space-m) var(--_space-m);
  }
  .label {
    font-weight: 600;
    padding: 0;
  }
  .label-row {
    display: flex;
    align-items: baseline;
  }
  .required {
    color: var(--_danger);
    margin-inline-start: 0.2em;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
    margin: 0;
  }
  .input {
    font: inherit;
    color: var(--amage-color-input-text, inherit);
    background: var(--amage-color-input, #fff);
    width: 100%;
    min-width: 0;
    min-height: var(--_touch);
    padding: var(--_space-xs) var(--_space-s);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  textarea.input {
    min-height: calc(var(--_touch) * 2);
    resize: vertical;
  }
  .input:focus-visible,
  .choice input:focus-visible,
  .error-summary:focus {
    outline: 2px solid var(--_primary);
    outline-offset: 1px;
  }
  .input[aria-invalid="true"] {
    border-color: var(--_danger);
    box-shadow: inset 0 0 0 1px var(--_danger);
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_space-m);
  }
  .choice {
    display: flex;
    gap: var(--_space-s);
    align-items: center;
    min-height: var(--_touch);
    cursor: pointer;
  }
  .choice input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    accent-color: var(--_primary);
  }
  [role="radiogroup"][aria-invalid="true"] {
    border-color: var(--_danger);
  }
  /* The one error style: danger colour, the icon, the words. */
  .field-error,
  .error-summary__title,
  .form-status--error p {
    display: flex;
    gap: var(--_space-xs);
    align-items: flex-start;
    color: var(--_danger);
    font-size: 0.875em;
    font-weight: 600;
    margin: 0;
  }
  .error-icon {
    flex: none;
    width: 1.1em;
    height: 1.1em;
    margin-top: 0.1em;
  }
  .error-summary {
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    padding: var(--_space-s) var(--_space-m);
    margin: 0 0 var(--_space-m);
  }
  .error-summary ul {
    margin: var(--_space-xs) 0 0;
    padding-left: var(--_space-l);
  }
  .error-summary a {
    color: var(--_danger);
    display: inline-block;
    min-height: 1.5rem;
  }
  .form-status {
    margin: var(--_space-s) 0 0;
  }
  .form-status:empty {
    display: none;
  }
  .form-status p {
    margin: 0 0 var(--_space-xs);
  }
  .form-status--info p {
    color: var(--_muted);
  }
  .form-status--success p {
    color: var(--_success);
    font-weight: 600;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
    align-items: center;
  }
  .actions .button {
    margin: 0;
  }
`;
