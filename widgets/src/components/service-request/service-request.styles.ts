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
  .confirmation:focus {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .muted {
    color: var(--_muted);
    font-size: 0.875em;
    margin: 0;
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
