import AmageLotoProcedure from './loto-procedure.component.js';

export default AmageLotoProcedure;

AmageLotoProcedure.define('amage-loto-procedure');

declare global {
  interface HTMLElementTagNameMap {
    'amage-loto-procedure': AmageLotoProcedure;
  }
}
