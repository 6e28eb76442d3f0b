import { css } from 'lit';

export default css`
  .facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--_space-xs) var(--_space-m);
    margin: var(--_space-s) 0;
  }
  .facts dt {
    color: var(--_muted);
  }
  .facts dd {
    margin: 0;
  }
  .lines {
    width: 100%;
    border-collapse: collapse;
    margin: var(--_space-m) 0;
  }
  .lines th,
  .lines td {
    text-align: start;
    vertical-align: top;
    padding: var(--_space-s);
    border-bottom: 1px solid var(--_border);
  }
  .lines thead th {
    font-size: 0.875em;
    color: var(--_muted);
    overflow-wrap: normal;
    hyphens: auto;
  }
  .schedule {
    margin: var(--_space-xs) 0;
    padding-left: var(--_space-m);
  }
  .declarations {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .declarations ul {
    margin: var(--_space-xs) 0;
    padding-left: var(--_space-l);
  }
  .sum.field-error {
    font-size: 0.875em;
  }
  /* Narrow containers (phones): each line becomes a card, every cell labelled. */
  @container (max-width: 40rem) {
    .lines thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    .lines,
    .lines tbody,
    .lines tr,
    .lines th,
    .lines td {
      display: block;
      width: 100%;
    }
    .lines tr {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      margin-bottom: var(--_space-m);
      padding: var(--_space-s);
    }
    .lines th,
    .lines td {
      border: none;
      padding: var(--_space-xs) 0;
    }
    .lines [data-label]::before {
      content: attr(data-label) ": ";
      color: var(--_muted);
      font-size: 0.875em;
    }
    .lines th[data-label]::before {
      content: "#";
    }
  }
`;
