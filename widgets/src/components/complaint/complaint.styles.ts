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
  .stages {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .stage p {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
    align-items: center;
  }
  /* Overdue deadlines stand out: a thick danger border, and the badge (colour is never the only sign). */
  .stage--overdue {
    border: 2px solid var(--_danger);
    border-left-width: 6px;
  }
  .stage--overdue .due {
    color: var(--_danger);
    font-weight: 600;
  }
  .decision {
    border-left: 4px solid var(--_danger);
    padding-left: var(--_space-s);
  }
  .step-up {
    margin: var(--_space-m) 0;
    padding: var(--_space-s) var(--_space-m);
    border: 1px dashed var(--_primary);
    border-radius: var(--_radius);
  }
  #step-up-code {
    max-width: 10rem;
    letter-spacing: 0.3em;
    font-variant-numeric: tabular-nums;
  }
`;
