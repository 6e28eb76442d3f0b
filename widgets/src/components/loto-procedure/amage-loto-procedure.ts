import AmageLotoProcedure from './loto-procedure.component.js';
// The photo field of its forms.
import '../file-picker/amage-file-picker.js';

export default AmageLotoProcedure;

AmageLotoProcedure.define('amage-loto-procedure');

declare global {
  interface HTMLElementTagNameMap {
    'amage-loto-procedure': AmageLotoProcedure;
  }
}
