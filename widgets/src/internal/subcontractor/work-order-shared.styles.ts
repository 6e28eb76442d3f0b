import { css } from 'lit';

/** Layout and status styles shared by the four subcontractor widgets (fields: `field.styles.ts`). */
export const workOrderSharedStyles = css`
  .base {
    font-family: var(--_font);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space-m);
    overflow-wrap: anywhere;
  }
  h2,
  h3,
  h4 {
    margin: var(--_space-l) 0 var(--_space-s);
    line-height: 1.25;
  }
  h2 {
    font-size: 1.25em;
    margin-top: 0;
  }
  h3 {
    font-size: 1.05em;
  }
  h4 {
    font-size: 1em;
  }
  p {
    margin: 0 0 var(--_space-s);
  }
  ul,
  ol {
    margin: 0 0 var(--_space-s);
    padding-left: 1.25rem;
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
  }
  .ok {
    color: var(--_success);
  }
  .danger {
    color: var(--_danger);
  }
  .waiting,
  .pending {
    color: var(--_muted);
    font-style: italic;
  }
  form,
  fieldset {
    margin: 0 0 var(--_space-m);
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space-s) var(--_space-m);
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 var(--_space-xs);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
  }
  .row > .field {
    flex: 1 1 8rem;
  }
  .item,
  .step-form,
  .permit form {
    border-top: 1px solid var(--_border);
    padding-top: var(--_space-s);
  }
  .outbox:empty {
    display: none;
  }
  .refusal {
    border-left: 3px solid var(--_danger);
    padding-left: var(--_space-s);
    margin: 0 0 var(--_space-s);
  }
  .notice {
    border-left: 3px solid var(--_primary);
    padding: var(--_space-xs) var(--_space-s);
    margin: 0 0 var(--_space-m);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    margin: 0 0 var(--_space-m);
    font-size: 0.9375em;
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: var(--_space-xs) var(--_space-s) var(--_space-xs) 0;
    border-bottom: 1px solid var(--_border);
  }
  .table-wrap {
    overflow-x: auto;
  }
`;
