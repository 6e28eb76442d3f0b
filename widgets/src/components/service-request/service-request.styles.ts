import { css } from 'lit';

export default css`
  .base {
    font-family: var(--_font);
    color: var(--_text);
    display: grid;
    gap: var(--_space-l);
    overflow-wrap: anywhere;
  }
  .form,
  .confirmation,
  .requests {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space-m);
    min-width: 0;
  }
  h2,
  h3,
  h4,
  h5 {
    margin: 0 0 var(--_space-s);
    line-height: 1.25;
  }
  h2 {
    font-size: 1.2em;
  }
  h3,
  h4 {
    font-size: 1em;
  }
  h5 {
    font-size: 0.9em;
    margin-top: var(--_space-s);
  }
  p {
    margin: 0 0 var(--_space-s);
  }
  .field {
    display: grid;
    gap: var(--_space-xs);
    margin-bottom: var(--_space-m);
    min-width: 0;
  }
  .label {
    font-weight: 600;
  }
  .required {
    font-weight: normal;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .input {
    font: inherit;
    width: 100%;
    min-height: 2.5rem;
    padding: var(--_space-s);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--amage-color-input, #fff);
    color: var(--amage-color-input-text, #111827);
  }
  .input:focus-visible,
  .error-summary:focus,
  .confirmation:focus {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .input[aria-invalid="true"] {
    border-color: var(--_danger);
  }
  textarea.input {
    resize: vertical;
  }
  .hint,
  .muted {
    color: var(--_muted);
    font-size: 0.875em;
    margin: 0;
  }
  .field-error,
  .failure {
    color: var(--_danger);
    margin: 0;
  }
  .failure {
    margin-bottom: var(--_space-s);
  }
  .group {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space-s) var(--_space-m) 0;
    margin: 0 0 var(--_space-m);
    min-width: 0;
  }
  .group legend {
    font-weight: 600;
    padding: 0 var(--_space-xs);
  }
  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
    gap: 0 var(--_space-m);
  }
  .error-summary {
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    padding: var(--_space-s) var(--_space-m);
    margin-bottom: var(--_space-m);
  }
  .error-summary ul {
    margin: 0;
    padding-left: 1.25em;
  }
  .error-summary a {
    color: var(--_danger);
  }
  .note {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s);
  }
  .button--small {
    min-height: 2.25rem;
    padding: var(--_space-xs) var(--_space-s);
  }
  .requests__head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: baseline;
    gap: var(--_space-s);
  }
  .request-list,
  .thread {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .request {
    border-top: 1px solid var(--_border);
    padding: var(--_space-m) 0 var(--_space-s);
  }
  .request__head {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
  }
  .request__number {
    color: var(--_muted);
    font-weight: normal;
  }
  .status {
    display: inline-block;
    padding: 0 var(--_space-s);
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    font-size: 0.875em;
    margin-right: var(--_space-s);
  }
  .status--completed,
  .status--planned {
    color: var(--_success);
  }
  .status--rejected,
  .status--cancelled {
    color: var(--_danger);
  }
  .thread li {
    padding: var(--_space-xs) 0;
    border-left: 3px solid var(--_border);
    padding-left: var(--_space-s);
    margin-bottom: var(--_space-xs);
  }
  .thread time {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
    margin-top: var(--_space-s);
  }
  .actions .button {
    margin: 0;
  }
  .action-form {
    display: grid;
    gap: var(--_space-xs);
    margin-top: var(--_space-s);
  }
`;
