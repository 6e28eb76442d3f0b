import { css } from 'lit';

/**
 * Global `--amage-*` tokens with their fallbacks (host pages load no theme file), copied into
 * private `--_*` properties that the component styles use. Every element reads those its styles use:
 * @cssprop [--amage-color-primary=#1d5bb8] - Accent: primary buttons, focus rings, active states.
 * @cssprop [--amage-color-on-primary=#ffffff] - Text on the accent colour.
 * @cssprop [--amage-color-text=inherit] - Text colour (the page's by default).
 * @cssprop [--amage-color-muted=#4b5563] - Secondary text: hints, dates, labels.
 * @cssprop [--amage-color-border=#c4cad3] - Borders of cards, fields and tables.
 * @cssprop [--amage-color-surface=transparent] - Background of cards and panels.
 * @cssprop [--amage-color-track=#e3e7ed] - Progress tracks and quiet backgrounds.
 * @cssprop [--amage-color-success=#1b7a3a] - Success: done stages, accepted answers.
 * @cssprop [--amage-color-danger=#b42318] - Errors and refusals.
 * @cssprop [--amage-color-input=#fff] - Background of inputs and text areas.
 * @cssprop [--amage-color-input-text=#111827] - Text of inputs and text areas.
 * @cssprop [--amage-font-family=inherit] - Font (the page's by default).
 * @cssprop [--amage-radius=6px] - Corner radius of cards, fields and buttons.
 * @cssprop [--amage-space-xs=0.25rem] - Smallest spacing step.
 * @cssprop [--amage-space-s=0.5rem] - Small spacing step.
 * @cssprop [--amage-space-m=1rem] - Medium spacing step.
 * @cssprop [--amage-space-l=1.5rem] - Large spacing step.
 * @cssprop [--amage-touch-target=2.75rem] - Height of controls and buttons (touch targets).
 */
export const tokenStyles = css`
  :host {
    --_primary: var(--amage-color-primary, #1d5bb8);
    --_on-primary: var(--amage-color-on-primary, #ffffff);
    --_text: var(--amage-color-text, inherit);
    --_muted: var(--amage-color-muted, #4b5563);
    --_border: var(--amage-color-border, #c4cad3);
    --_surface: var(--amage-color-surface, transparent);
    --_track: var(--amage-color-track, #e3e7ed);
    --_success: var(--amage-color-success, #1b7a3a);
    --_danger: var(--amage-color-danger, #b42318);
    --_font: var(--amage-font-family, inherit);
    --_radius: var(--amage-radius, 6px);
    --_space-xs: var(--amage-space-xs, 0.25rem);
    --_space-s: var(--amage-space-s, 0.5rem);
    --_space-m: var(--amage-space-m, 1rem);
    --_space-l: var(--amage-space-l, 1.5rem);
    --_touch: var(--amage-touch-target, 2.75rem);
  }
`;
