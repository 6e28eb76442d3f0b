import AmageComplaint from './complaint.component.js';
// The file field of this widget is the attachments module's picker.
import '../file-picker/amage-file-picker.js';

export default AmageComplaint;

AmageComplaint.define('amage-complaint');

declare global {
  interface HTMLElementTagNameMap {
    'amage-complaint': AmageComplaint;
  }
}
