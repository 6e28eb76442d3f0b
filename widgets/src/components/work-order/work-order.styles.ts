import { css } from 'lit';

export default css`
  :host {
    --signature-height: 10rem;
  }
  .facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--_space-xs) var(--_space-m);
    margin: 0 0 var(--_space-m);
  }
  .facts dt {
    color: var(--_muted);
  }
  .facts dd {
    margin: 0;
  }
  .tabs {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-xs);
    border-bottom: 1px solid var(--_border);
    margin: var(--_space-m) 0;
  }
  .tab {
    font: inherit;
    min-height: 2.5rem;
    padding: var(--_space-s) var(--_space-m);
    border: none;
    border-bottom: 3px solid transparent;
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  .tab[aria-selected="true"] {
    border-bottom-color: var(--_primary);
    font-weight: 600;
  }
  .tab:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: -2px;
  }
  .signature {
    display: block;
    width: 100%;
    height: var(--signature-height);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    background: #fff;
    touch-action: none;
    margin: 0 0 var(--_space-s);
  }
  .typed-signature {
    font-family: cursive, var(--_font);
    font-size: 1.25em;
  }
`;
