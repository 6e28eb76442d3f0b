import { css } from 'lit';

/** `:host` sets only `display`; a box-sizing reset, a `[hidden]` that wins, `.visually-hidden`. */
export const hostStyles = css`
  :host {
    display: block;
  }
  :host([hidden]),
  [hidden] {
    /* biome-ignore lint/complexity/noImportantStyles: [hidden] must win over any display rule, as in Shoelace. */
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
