import { expect } from '@open-wc/testing';
import { acceptanceBody, attachmentsField, disputeBody, emptyStage, stageBody } from './bodies.js';

describe('complaint bodies', () => {
  it('a stage answer is trimmed, leaves empty fields out and names its files by id', () => {
    expect(
      stageBody({
        ...emptyStage(),
        text: ' Zablokowano partię. ',
        name: ' T. Wrona ',
        role: ' ',
        implementedOn: '2026-12-01',
        attachments: [{ id: 'f1', filename: 'a.jpg', contentType: 'image/jpeg', size: 1 }],
      }),
    ).to.deep.equal({
      text: 'Zablokowano partię.',
      responsible: { name: 'T. Wrona' },
      implementedOn: '2026-12-01',
      attachments: ['f1'],
    });
  });

  it('a dispute and an acceptance are trimmed; an empty comment is left out', () => {
    expect(disputeBody({ reason: ' Powód ' })).to.deep.equal({ reason: 'Powód' });
    expect(acceptanceBody({ name: ' Ewa ', comment: ' ' })).to.deep.equal({ name: 'Ewa' });
  });

  it('errors at any file show at the file field', () => {
    expect(['/attachments/2', '/text'].map(attachmentsField)).to.deep.equal(['/attachments', '/text']);
  });
});
