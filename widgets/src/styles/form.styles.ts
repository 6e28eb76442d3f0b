import { css } from 'lit';
import { cardStyles } from './card.styles.js';

/** Forms of the supplier widgets: fields, errors next to them, the error summary, badges, cards. */
export const formStyles = css`
  ${cardStyles}
  h2,
  h3,
  h4 {
    margin: 0 0 var(--_space-s);
    line-height: 1.25;
  }
  h2 {
    font-size: 1.25em;
  }
  h3 {
    font-size: 1.05em;
    margin-top: var(--_space-l);
  }
  h4 {
    font-size: 1em;
  }
  p {
    margin: 0 0 var(--_space-s);
  }
  .muted {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .badge {
    display: inline-block;
    padding: 0 var(--_space-s);
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    font-size: 0.875em;
    white-space: nowrap;
  }
  .badge--good {
    color: var(--_success);
  }
  .badge--bad {
    color: var(--_danger);
  }
  .badge--overdue {
    color: var(--_on-primary);
    background: var(--_danger);
    border-color: var(--_danger);
    font-weight: 600;
  }
  form,
  .card {
    margin: var(--_space-m) 0;
    padding: var(--_space-m);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0 0 var(--_space-m);
    padding: var(--_space-s) var(--_space-m) var(--_space-m);
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 var(--_space-xs);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--_space-xs);
    margin-bottom: var(--_space-s);
    min-width: 0;
  }
  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
    gap: 0 var(--_space-m);
    align-items: end;
  }
  label {
    font-weight: 500;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    min-height: 2.5rem;
    width: 100%;
    padding: var(--_space-xs) var(--_space-s);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--amage-color-input, #fff);
  }
  textarea {
    min-height: 5rem;
    resize: vertical;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 1px;
  }
  [aria-invalid="true"] {
    border-color: var(--_danger);
    border-width: 2px;
  }
  .choice {
    display: flex;
    gap: var(--_space-s);
    align-items: center;
    min-height: 2rem;
  }
  .choice input {
    width: auto;
    min-height: auto;
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.875em;
    margin: 0;
  }
  .field-error:empty {
    display: none;
  }
  .error-summary {
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    padding: var(--_space-s) var(--_space-m);
    margin-bottom: var(--_space-m);
  }
  .error-summary ul {
    margin: var(--_space-xs) 0 0;
    padding-left: var(--_space-l);
  }
  .error-summary a {
    color: var(--_danger);
  }
  .status-message {
    padding: var(--_space-s) var(--_space-m);
    border-left: 4px solid var(--_primary);
    margin: var(--_space-s) 0;
  }
  .status-message:empty {
    display: none;
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
  .button--small {
    min-height: 2.25rem;
    padding: var(--_space-xs) var(--_space-s);
  }
  details summary {
    cursor: pointer;
    min-height: 1.75rem;
  }
  ol.history {
    margin: var(--_space-xs) 0;
    padding-left: var(--_space-l);
    font-size: 0.875em;
  }

  /* A button that looks like a link (files to open). */
  .link {
    font: inherit;
    background: none;
    border: none;
    padding: 0;
    color: var(--_primary);
    text-decoration: underline;
    cursor: pointer;
    text-align: start;
    overflow-wrap: anywhere;
  }
  .link:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
`;
