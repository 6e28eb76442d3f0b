import AmageFilePicker from './file-picker.component.js';

export default AmageFilePicker;

AmageFilePicker.define('amage-file-picker');

declare global {
  interface HTMLElementTagNameMap {
    'amage-file-picker': AmageFilePicker;
  }
}
