import { expect } from '@open-wc/testing';
import type { Delivery } from '@amage/contracts';
import {
  confirmationBody,
  correctionValues,
  deliveryBody,
  emptyConfirmLine,
  emptyDelivery,
  emptyDeliveryLine,
  lineField,
  num,
} from './bodies.js';

describe('delivery form bodies', () => {
  it('numbers take a decimal comma; empty is undefined, words are NaN', () => {
    expect([num('12,5'), num(' 3 '), num(''), Number.isNaN(num('abc'))]).to.deep.equal([12.5, 3, undefined, true]);
  });

  it('a date confirmation answers only the lines given an answer, in the order of the order', () => {
    const body = confirmationBody(
      {
        lines: {
          2: {
            ...emptyConfirmLine(),
            mode: 'propose',
            schedule: [{ quantity: '30', date: '2026-12-20' }],
            backorderQuantity: '10',
            reasonCode: 'capacity',
            comment: '  ',
          },
          1: { ...emptyConfirmLine(), mode: 'accept' },
          3: { ...emptyConfirmLine(), mode: 'none' },
        },
        supplierOrderRef: ' ZS/88 ',
        note: '',
      },
      [1, 2, 3],
    );
    expect(body).to.deep.equal({
      lines: [
        { lineNo: 1, action: 'accept' },
        {
          lineNo: 2,
          action: 'propose',
          schedule: [{ quantity: 30, date: '2026-12-20' }],
          backorder: { quantity: 10 },
          reasonCode: 'capacity',
        },
      ],
      supplierOrderRef: 'ZS/88',
    });
  });

  it('a pointer into the body names the field of its line, whichever position the line had', () => {
    const body = { lines: [{ lineNo: 7 }, { lineNo: 12 }] };
    expect(
      ['/lines/1/quantity', '/lines/0/lineNo', '/lines/1', '/attachments/3', '/note', '/lines/9/quantity'].map((p) =>
        lineField(p, body),
      ),
    ).to.deep.equal(['L12/quantity', 'L7/answer', 'L12/answer', '/attachments', '/note', 'L?/quantity']);
  });

  it('a declaration carries the lines shipped with their lots and serial numbers; a correction its reason', () => {
    const values = {
      ...emptyDelivery(),
      dispatchDate: '2026-12-02',
      expectedArrival: '2026-12-04',
      deliveryNoteNumber: ' WZ/1 ',
      packages: '2',
      lines: {
        1: {
          quantity: '2',
          lots: [{ number: 'L-1', quantity: '2', productionDate: '', expiryDate: '2028-01-01' }],
          serials: 'A\n\n B \n',
        },
        2: emptyDeliveryLine(),
      },
      reason: 'Literówka',
    };
    expect(deliveryBody(values, [1, 2])).to.deep.equal({
      dispatchDate: '2026-12-02',
      expectedArrival: '2026-12-04',
      deliveryNoteNumber: 'WZ/1',
      packages: 2,
      lines: [
        {
          lineNo: 1,
          quantity: 2,
          lots: [{ number: 'L-1', quantity: 2, expiryDate: '2028-01-01' }],
          serialNumbers: ['A', 'B'],
        },
      ],
    });
    expect(deliveryBody({ ...values, editing: 'd1' }, [1]).reason).to.equal('Literówka');
  });

  it('correcting a declaration starts from its values, which give back the same body', () => {
    const d: Delivery = {
      id: 'd1',
      purchaseOrderRef: 'PO-1',
      status: 'declared',
      dispatchDate: '2026-12-02',
      expectedArrival: '2026-12-04',
      deliveryNoteNumber: 'WZ/1',
      carrier: 'DHL',
      lines: [{ lineNo: 1, quantity: 5, receivedQuantity: 0, serialNumbers: ['A', 'B', 'C', 'D', 'E'] }],
      attachments: [],
      editable: true,
      revision: 1,
      createdAt: '2026-12-01T00:00:00Z',
      updatedAt: '2026-12-01T00:00:00Z',
    };
    const values = correctionValues(d);
    expect(values.editing).to.equal('d1');
    expect(deliveryBody(values, [1])).to.deep.equal({
      dispatchDate: '2026-12-02',
      expectedArrival: '2026-12-04',
      deliveryNoteNumber: 'WZ/1',
      carrier: 'DHL',
      lines: [{ lineNo: 1, quantity: 5, serialNumbers: ['A', 'B', 'C', 'D', 'E'] }],
    });
  });
});
