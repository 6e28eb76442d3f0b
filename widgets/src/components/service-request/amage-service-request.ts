import AmageServiceRequest from './service-request.component.js';

export default AmageServiceRequest;

AmageServiceRequest.define('amage-service-request');

declare global {
  interface HTMLElementTagNameMap {
    'amage-service-request': AmageServiceRequest;
  }
}
