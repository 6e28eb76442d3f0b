import AmageWorkOrder from './work-order.component.js';

export default AmageWorkOrder;

AmageWorkOrder.define('amage-work-order');

declare global {
  interface HTMLElementTagNameMap {
    'amage-work-order': AmageWorkOrder;
  }
}
