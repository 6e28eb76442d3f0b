import { css } from 'lit';

export default css`
  :host {
    --preview-size: 3rem;
  }
  .base {
    font-family: var(--_font);
    color: var(--_text);
  }
  .label {
    display: block;
    font-weight: 600;
    margin-bottom: var(--_space-xs);
  }
  .hint {
    margin: 0 0 var(--_space-s);
    color: var(--_muted);
    font-size: 0.875em;
  }
  .input {
    font: inherit;
    max-width: 100%;
    min-height: auto;
    padding: 0;
    border: 0;
    background: transparent;
  }
  .input::file-selector-button {
    font: inherit;
    min-height: var(--_touch);
    padding: var(--_space-s) var(--_space-m);
    margin-right: var(--_space-s);
    border: 1px solid var(--_primary);
    border-radius: var(--_radius);
    background: transparent;
    color: var(--_primary);
    cursor: pointer;
  }
  .input:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .list {
    list-style: none;
    margin: var(--_space-s) 0 0;
    padding: 0;
  }
  .item {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s);
    padding: var(--_space-s) 0;
    border-bottom: 1px solid var(--_border);
  }
  .item:last-child {
    border-bottom: none;
  }
  .preview {
    flex: none;
    width: var(--preview-size);
    height: var(--preview-size);
    object-fit: cover;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
  }
  .preview--icon {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    font-size: 0.75em;
    font-weight: 600;
    color: var(--_muted);
    background: var(--_track);
  }
  .info {
    flex: 1 1 10rem;
    min-width: 0;
    display: flex;
    flex-direction: column;
    gap: var(--_space-xs);
  }
  .name {
    overflow-wrap: anywhere;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s);
    color: var(--_muted);
    font-size: 0.875em;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-xs);
  }
  .status--done {
    color: var(--_success);
  }
  .progress {
    width: 5rem;
    accent-color: var(--_primary);
  }
  .item .field-error {
    margin-top: var(--_space-xs);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
  }
  .actions .button {
    margin: 0 0 0 var(--_space-xs);
  }
`;
