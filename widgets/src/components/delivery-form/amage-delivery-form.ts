import AmageDeliveryForm from './delivery-form.component.js';
// The file field of this widget is the attachments module's picker.
import '../file-picker/amage-file-picker.js';

export default AmageDeliveryForm;

AmageDeliveryForm.define('amage-delivery-form');

declare global {
  interface HTMLElementTagNameMap {
    'amage-delivery-form': AmageDeliveryForm;
  }
}
