import type { AttachmentRef, DeclareDeliveryBody, PutComplaintBody, PutPurchaseOrderBody } from '@amage/contracts';
import { BaseModel } from '../../db/base-model.js';

export class PurchaseOrder extends BaseModel {
  ref!: string;
  number!: string;
  supplierRef!: string;
  status!: 'open' | 'cancelled' | 'closed';
  document!: PutPurchaseOrderBody;
  attachments!: AttachmentRef[];
  supplierOrderRef!: string | null;
  createdAt!: Date;
  updatedAt!: Date;

  static tableName = 'purchase_orders';
  static idColumn = 'ref';
  static jsonAttributes = ['document', 'attachments'];
}

export class DeliveryRecord extends BaseModel {
  id!: string;
  purchaseOrderRef!: string;
  linkId!: string | null;
  state!: 'declared' | 'cancelled';
  document!: DeclareDeliveryBody;
  attachments!: AttachmentRef[];
  revision!: number;
  cancelReason!: string | null;
  createdAt!: Date;
  updatedAt!: Date;

  static tableName = 'deliveries';
  static jsonAttributes = ['document', 'attachments'];
}

export class Complaint extends BaseModel {
  ref!: string;
  number!: string;
  supplierRef!: string;
  purchaseOrderRef!: string | null;
  document!: PutComplaintBody;
  attachments!: AttachmentRef[];
  createdAt!: Date;
  updatedAt!: Date;

  static tableName = 'complaints';
  static idColumn = 'ref';
  static jsonAttributes = ['document', 'attachments'];
}

/** One entry of `supplier_history` (see the migration). */
export interface HistoryRow {
  id: string;
  subjectType: 'purchase-order' | 'complaint';
  subjectRef: string;
  lineNo: number | null;
  stageKey: string | null;
  kind: string;
  by: 'supplier' | 'buyer';
  data: Record<string, unknown>;
  dedupeKey: string | null;
  at: Date;
}
