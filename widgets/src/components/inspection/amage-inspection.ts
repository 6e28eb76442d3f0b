import AmageInspection from './inspection.component.js';

export default AmageInspection;

AmageInspection.define('amage-inspection');

declare global {
  interface HTMLElementTagNameMap {
    'amage-inspection': AmageInspection;
  }
}
