import AmageComplaint from './complaint.component.js';

export default AmageComplaint;

AmageComplaint.define('amage-complaint');

declare global {
  interface HTMLElementTagNameMap {
    'amage-complaint': AmageComplaint;
  }
}
