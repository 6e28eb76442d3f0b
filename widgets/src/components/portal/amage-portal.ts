import AmagePortal from './portal.component.js';

export default AmagePortal;

AmagePortal.define('amage-portal');

declare global {
  interface HTMLElementTagNameMap {
    'amage-portal': AmagePortal;
  }
}
