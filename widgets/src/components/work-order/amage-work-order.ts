import AmageWorkOrder from './work-order.component.js';
// The tabs it shows, and the photo field of its forms.
import '../file-picker/amage-file-picker.js';
import '../inspection/amage-inspection.js';
import '../loto-procedure/amage-loto-procedure.js';
import '../permit-log/amage-permit-log.js';

export default AmageWorkOrder;

AmageWorkOrder.define('amage-work-order');

declare global {
  interface HTMLElementTagNameMap {
    'amage-work-order': AmageWorkOrder;
  }
}
