import type { PutComplaintBody, PutPurchaseOrderBody } from '@amage/contracts';
import { demoDelivery, type DemoLink, type ModuleDeps } from '../portal-module.js';
import { putComplaint } from './complaints.service.js';
import { putPurchaseOrder } from './purchase-orders.service.js';

const DAY = 86_400_000;
const date = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** design.md's PO-2026-0042, with requested dates kept in the future. */
const demoPurchaseOrder = (): PutPurchaseOrderBody => ({
  number: 'PO/2026/0042',
  supplier: { ref: 'SUP-17', name: 'Hydro-Tech Sp. z o.o.', email: 'orders@hydrotech.example' },
  buyer: { name: 'Anna Kowalska', email: 'a.kowalska@plant.example' },
  currency: 'PLN',
  deliveryAddress: 'Zakład 2, ul. Przemysłowa 5, 44-100 Gliwice',
  overDeliveryTolerancePercent: 5,
  lines: [
    {
      lineNo: 1,
      itemCode: 'BRG-6204',
      description: 'Łożysko 6204-2RS',
      quantity: 100,
      unit: 'szt',
      requestedDate: date(21),
    },
    {
      lineNo: 2,
      itemCode: 'SEAL-40',
      description: 'Uszczelniacz 40x62x8',
      quantity: 40,
      unit: 'szt',
      requestedDate: date(26),
    },
  ],
});

/** design.md's CMP-2026-0009: containment already overdue, so the demo shows how that stands out. */
const demoComplaint = (): PutComplaintBody => ({
  number: 'RK/2026/0009',
  supplier: { ref: 'SUP-17', name: 'Hydro-Tech Sp. z o.o.', email: 'quality@hydrotech.example' },
  purchaseOrderRef: 'PO-2026-0042',
  lineNo: 1,
  itemCode: 'BRG-6204',
  itemDescription: 'Łożysko 6204-2RS',
  description: 'Łożyska z partii L-2291 głośno pracują po montażu.',
  defectQuantity: 12,
  unit: 'szt',
  lotNumbers: ['L-2291'],
  resolution: 'Wymiana 12 szt. na koszt dostawcy i nota kredytowa za koszty demontażu.',
  stages: [
    { key: 'containment', dueAt: at(-1) },
    { key: 'root-cause', dueAt: at(14) },
    { key: 'corrective-action', dueAt: at(28) },
    { key: 'preventive-action', dueAt: at(42) },
  ],
});

/** Shares the demo order and complaint and issues a link for each (the complaint's acceptance needs a step-up code). */
export async function seedSupplierDemo({ db, access, clock }: ModuleDeps, demoOrigin: string): Promise<DemoLink[]> {
  await putPurchaseOrder(db, 'PO-2026-0042', demoPurchaseOrder());
  await putComplaint(db, 'CMP-2026-0009', demoComplaint(), clock());
  const order = await access.createLink(
    {
      subject: { type: 'purchase-order', ref: 'PO-2026-0042' },
      actions: ['order:read', 'order:confirm-dates', 'order:declare-delivery'],
      recipient: { email: 'orders@hydrotech.example', name: 'Jan Nowak', locale: 'pl' },
      ...demoDelivery(access),
      allowedOrigins: [demoOrigin],
    },
    null,
  );
  const complaint = await access.createLink(
    {
      subject: { type: 'complaint', ref: 'CMP-2026-0009' },
      actions: ['complaint:read', 'complaint:respond'],
      recipient: { email: 'quality@hydrotech.example', name: 'Ewa Lis', locale: 'pl' },
      ...demoDelivery(access),
      allowedOrigins: [demoOrigin],
    },
    null,
  );
  return [
    {
      portal: 'Supplier: purchase order PO-2026-0042 (dates, deliveries)',
      hosted: order.url,
      demoPage: `${demoOrigin}/supplier-intranet.html#token=${order.token}`,
    },
    {
      portal: `Supplier: complaint CMP-2026-0009 (8D stages; accepting asks for a step-up code, ${access.sendsMail ? 'e-mailed to the demo mailbox' : 'found in the event feed as step-up.requested'})`,
      hosted: complaint.url,
      demoPage: `${demoOrigin}/supplier-quality.html#token=${complaint.token}`,
    },
  ];
}
