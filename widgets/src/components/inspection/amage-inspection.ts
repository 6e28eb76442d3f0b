import AmageInspection from './inspection.component.js';
// The photo field of its forms.
import '../file-picker/amage-file-picker.js';

export default AmageInspection;

AmageInspection.define('amage-inspection');

declare global {
  interface HTMLElementTagNameMap {
    'amage-inspection': AmageInspection;
  }
}
