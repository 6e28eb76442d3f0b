import AmageWorkProgress from './work-progress.component.js';

export default AmageWorkProgress;

AmageWorkProgress.define('amage-work-progress');

declare global {
  interface HTMLElementTagNameMap {
    'amage-work-progress': AmageWorkProgress;
  }
}
