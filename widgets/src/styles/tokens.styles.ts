import { css } from 'lit';

/**
 * Global `--amage-*` tokens with their fallbacks (host pages load no theme file), copied into
 * private `--_*` properties that the component styles use.
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
