import { css } from 'lit';

export default css`
  .base {
    font-family: var(--_font);
    color: var(--_text);
  }
  .page {
    font-family: var(--_font);
    color: var(--_text);
  }
  .page__bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space-s) var(--_space-m);
    margin-bottom: var(--_space-m);
  }
  .page__heading {
    margin: 0;
    font-size: 1.5rem;
    line-height: 1.25;
    overflow-wrap: anywhere;
  }
  .language {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-s);
  }
  .language select {
    font: inherit;
    min-height: var(--_touch);
    padding: var(--_space-xs) var(--_space-s);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }
  .language select:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
`;
