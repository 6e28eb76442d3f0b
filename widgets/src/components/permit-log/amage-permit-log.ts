import AmagePermitLog from './permit-log.component.js';

export default AmagePermitLog;

AmagePermitLog.define('amage-permit-log');

declare global {
  interface HTMLElementTagNameMap {
    'amage-permit-log': AmagePermitLog;
  }
}
