import { css } from 'lit';

export default css`
  .base {
    font-family: var(--_font);
    color: var(--_text);
  }
`;
