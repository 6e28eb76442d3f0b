import AmageDeliveryForm from './delivery-form.component.js';

export default AmageDeliveryForm;

AmageDeliveryForm.define('amage-delivery-form');

declare global {
  interface HTMLElementTagNameMap {
    'amage-delivery-form': AmageDeliveryForm;
  }
}
