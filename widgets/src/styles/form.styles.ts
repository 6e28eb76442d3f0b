import { css } from 'lit';
import { cardStyles } from './card.styles.js';

/** Layout of the supplier widgets: headings, badges, cards, form boxes, history (fields: `field.styles.ts`). */
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
  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
    gap: 0 var(--_space-m);
    align-items: end;
  }
  details summary {
    cursor: pointer;
    padding: var(--_space-s) 0;
  }
  .notice {
    border-left: 4px solid var(--_primary);
    padding: var(--_space-xs) var(--_space-s);
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
