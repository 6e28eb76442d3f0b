import AmageServiceRequest from './service-request.component.js';
// The form's file field.
import '../file-picker/amage-file-picker.js';

export default AmageServiceRequest;

AmageServiceRequest.define('amage-service-request');

declare global {
  interface HTMLElementTagNameMap {
    'amage-service-request': AmageServiceRequest;
  }
}
