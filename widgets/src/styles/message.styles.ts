import { css } from 'lit';

/**
 * Loading skeleton, error and access messages, and the buttons of every widget (`--amage-touch-target`
 * high).
 */
export const messageStyles = css`
  .skeleton {
    display: flex;
    flex-direction: column;
    gap: var(--_space-s);
    padding: var(--_space-m);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .skeleton__line,
  .skeleton__button {
    display: block;
    height: 1em;
    border-radius: var(--_radius);
    background: var(--_border);
  }
  .skeleton__line--title {
    height: 1.5em;
    width: 60%;
  }
  .skeleton__line--short {
    width: 40%;
  }
  .skeleton__button {
    height: var(--_touch);
    width: 8em;
  }
  .message {
    font-family: var(--_font);
    color: var(--_text);
    padding: var(--_space-m);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .message p {
    margin: 0 0 var(--_space-s);
  }
  .message p:last-child {
    margin-bottom: 0;
  }
  .message--error {
    border-color: var(--_danger);
  }
  .message__status:empty {
    display: none;
  }
  .message__subject {
    font-weight: 600;
  }
  .message__contact {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-xs) var(--_space-s);
  }
  .message__contact a {
    color: var(--_primary);
    overflow-wrap: anywhere;
    display: inline-block;
    min-height: 24px;
  }
  .dead-end-banner {
    margin-bottom: var(--_space-m);
  }
  .button {
    font: inherit;
    min-height: var(--_touch);
    min-width: var(--_touch);
    padding: var(--_space-s) var(--_space-m);
    margin: 0 var(--_space-s) var(--_space-s) 0;
    border: 1px solid var(--_primary);
    border-radius: var(--_radius);
    background: transparent;
    color: var(--_primary);
    cursor: pointer;
  }
  .button--primary {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .button--small {
    padding: var(--_space-xs) var(--_space-s);
  }
  .button:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .button:disabled {
    opacity: 0.7;
    cursor: not-allowed;
  }
  .button[aria-busy="true"] {
    cursor: progress;
  }
`;
