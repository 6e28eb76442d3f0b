import { css } from 'lit';

/** The card every widget draws its content in (`part="base"`). */
export const cardStyles = css`
  .base {
    font-family: var(--_font);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space-m);
    container-type: inline-size;
    overflow-wrap: anywhere;
  }
`;
