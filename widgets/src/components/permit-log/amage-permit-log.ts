import AmagePermitLog from './permit-log.component.js';
// The photo field of its forms.
import '../file-picker/amage-file-picker.js';

export default AmagePermitLog;

AmagePermitLog.define('amage-permit-log');

declare global {
  interface HTMLElementTagNameMap {
    'amage-permit-log': AmagePermitLog;
  }
}
