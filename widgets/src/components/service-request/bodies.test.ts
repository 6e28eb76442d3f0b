import { expect } from '@open-wc/testing';
import type { IntakeConfig } from '@amage/contracts';
import { categoryRequires, categoryUses, emptyValues, fieldOf, requestBody } from './bodies.js';

const intake = {
  categories: [
    { key: 'fault', name: 'Awaria', fields: ['asset', 'description', 'contactPhone'], required: ['asset'] },
    { key: 'service', name: 'Serwis', fields: ['preferredDates'], required: ['preferredDates'] },
  ],
} as unknown as IntakeConfig;

describe('service request bodies', () => {
  it('a request carries only the fields its category uses, trimmed, empty ones left out', () => {
    const values = {
      ...emptyValues(),
      category: 'fault',
      assetRef: 'A-1',
      title: ' Stoi ',
      description: '  ',
      location: 'Hala 2',
      contactName: ' Jan ',
      contactPhone: ' 600 ',
      contactEmail: 'jan@x.pl',
      dateFrom: '2026-12-01',
    };
    expect(requestBody(intake, values)).to.deep.equal({
      category: 'fault',
      assetRef: 'A-1',
      title: 'Stoi',
      contact: { name: 'Jan', phone: '600' },
    });
    expect(requestBody(intake, { ...values, category: 'service' }).preferredDates).to.deep.equal({
      from: '2026-12-01',
    });
  });

  it('title, contact name and category belong to every request; a date range is required through its first date', () => {
    expect(['title', 'contactName', 'category'].every((f) => categoryRequires(intake, '', f as 'title'))).to.equal(
      true,
    );
    expect([categoryUses(intake, 'fault', 'asset'), categoryUses(intake, 'fault', 'site')]).to.deep.equal([
      true,
      false,
    ]);
    expect([
      categoryRequires(intake, 'service', 'dateFrom'),
      categoryRequires(intake, 'service', 'dateTo'),
    ]).to.deep.equal([true, false]);
  });

  it('a pointer names its field', () => {
    expect(
      ['/assetRef', '/preferredDates/to', '/preferredDates', '/contact/phone', '/contact', '/attachments/1'].map(
        fieldOf,
      ),
    ).to.deep.equal(['asset', 'dateTo', 'dateFrom', 'contactPhone', 'contactName', 'attachments']);
  });
});
