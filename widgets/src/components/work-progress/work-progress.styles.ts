import { css } from 'lit';
import { cardStyles } from '../../styles/card.styles.js';

export default css`
  ${cardStyles} :host {
    --track-height: 0.75rem;
  }
  h2,
  h3 {
    margin: 0 0 var(--_space-s);
    line-height: 1.25;
  }
  h2 {
    font-size: 1.25em;
  }
  h3 {
    font-size: 1em;
    margin-top: var(--_space-l);
  }
  p {
    margin: 0 0 var(--_space-s);
  }
  .number,
  .muted {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .status {
    display: inline-block;
    padding: 0 var(--_space-s);
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    font-size: 0.875em;
  }
  .status--completed {
    color: var(--_success);
  }
  .status--cancelled,
  .status--on-hold {
    color: var(--_danger);
  }
  .next {
    font-weight: 600;
    margin-top: var(--_space-s);
  }
  .progress {
    display: flex;
    align-items: center;
    gap: var(--_space-s);
    margin: var(--_space-m) 0;
  }
  .track {
    flex: 1;
    height: var(--track-height);
    background: var(--_track);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .indicator {
    height: 100%;
    background: var(--_primary);
    transition: width 0.3s;
  }
  @media (prefers-reduced-motion: reduce) {
    .indicator {
      transition: none;
    }
  }
  .facts {
    display: grid;
    grid-template-columns: 1fr;
    gap: var(--_space-xs) var(--_space-m);
    margin: 0;
  }
  @container (min-width: 30rem) {
    .facts {
      grid-template-columns: max-content 1fr;
    }
  }
  .facts dt {
    color: var(--_muted);
  }
  .facts dd {
    margin: 0 0 var(--_space-xs);
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .stage {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--_space-s);
    padding: var(--_space-s) 0 var(--_space-s) var(--_space-m);
    border-left: 3px solid var(--_border);
  }
  .stage--done {
    border-left-color: var(--_success);
  }
  .stage--active {
    border-left-color: var(--_primary);
    font-weight: 600;
  }
  .stage--skipped .stage__name {
    text-decoration: line-through;
  }
  .event {
    padding: var(--_space-xs) 0;
    border-bottom: 1px solid var(--_border);
  }
  .event:last-child {
    border-bottom: none;
  }
  .updated {
    margin-top: var(--_space-m);
  }
  .event time {
    display: block;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .live {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-xs);
    margin-left: var(--_space-s);
    font-size: 0.875em;
    color: var(--_success);
  }
  .live::before {
    content: "";
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: currentColor;
  }
  .live--poll {
    color: var(--_muted);
  }
  .live--offline {
    color: var(--_danger);
  }
  .files {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
  }
  .link {
    font: inherit;
    background: none;
    border: none;
    padding: 0;
    color: var(--_primary);
    text-decoration: underline;
    cursor: pointer;
    text-align: start;
    overflow-wrap: anywhere;
  }
  .link:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .inspections,
  .documents {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .inspection {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-xs) var(--_space-m);
    padding: var(--_space-xs) 0 var(--_space-xs) var(--_space-m);
    border-left: 3px solid var(--_border);
    margin-bottom: var(--_space-xs);
  }
  .inspection--pass {
    border-left-color: var(--_success);
  }
  .inspection--fail {
    border-left-color: var(--_danger);
  }
  .inspection__asset {
    font-weight: 600;
  }
  .decisions {
    margin-top: var(--_space-l);
    border-top: 1px solid var(--_border);
    padding-top: var(--_space-s);
  }
  .decisions h4 {
    margin: var(--_space-m) 0 var(--_space-xs);
    font-size: 1em;
  }
  .signature {
    display: block;
    width: 100%;
    max-width: 600px;
    aspect-ratio: 600 / 180;
    height: auto;
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    background: #fff;
    touch-action: none;
  }
  .quote,
  .acceptance {
    border-top: 1px solid var(--_border);
    padding-top: var(--_space-s);
    margin-top: var(--_space-m);
  }
`;
