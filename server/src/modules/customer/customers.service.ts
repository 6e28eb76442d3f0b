import type { Knex } from 'knex';
import {
  CustomerProblem,
  type CustomerView,
  type FieldError,
  type IntakeConfig,
  type PutCustomerBody,
  REQUEST_FIELDS,
  type RequestCategory,
  type RequestField,
} from '@amage/contracts';
import { AppError, notFound } from '../../lib/errors.js';
import type { PortalAccess } from '../access/portal-access.js';
import { constraintPointer } from '../access/subjects.js';

interface CustomerRow {
  ref: string;
  name: string;
  document: PutCustomerBody;
  updatedAt: Date;
}

export interface NormalizedCategory {
  key: string;
  name: string;
  fields: RequestField[];
  required: RequestField[];
}

/** A category's rules with defaults: omitted `fields` means every field; required fields are always shown. */
export function normalizeCategory(category: RequestCategory): NormalizedCategory {
  const required = category.required ?? [];
  const listed = new Set<RequestField>([...(category.fields ?? REQUEST_FIELDS), ...required]);
  return {
    key: category.key,
    name: category.name,
    fields: REQUEST_FIELDS.filter((f) => listed.has(f)),
    required: REQUEST_FIELDS.filter((f) => required.includes(f)),
  };
}

/** Refs must be unique and assets must stand on the customer's own sites. */
function checkCustomer(body: PutCustomerBody) {
  const errors: FieldError[] = [];
  const duplicates = (items: Array<string | undefined>, pointer: (i: number) => string, what: string) => {
    const seen = new Set<string>();
    items.forEach((value, i) => {
      if (value === undefined) return;
      if (seen.has(value)) errors.push({ pointer: pointer(i), message: `duplicate ${what}` });
      seen.add(value);
    });
  };
  duplicates(
    body.sites.map((s) => s.ref),
    (i) => `/sites/${i}/ref`,
    'site ref',
  );
  duplicates(
    body.assets.map((a) => a.ref),
    (i) => `/assets/${i}/ref`,
    'asset ref',
  );
  duplicates(
    body.assets.map((a) => a.qrCode),
    (i) => `/assets/${i}/qrCode`,
    'QR code',
  );
  duplicates(
    body.categories.map((c) => c.key),
    (i) => `/categories/${i}/key`,
    'category key',
  );
  const sites = new Set(body.sites.map((s) => s.ref));
  body.assets.forEach((a, i) => {
    if (a.siteRef && !sites.has(a.siteRef))
      errors.push({ pointer: `/assets/${i}/siteRef`, message: 'not one of the customer’s sites' });
  });
  if (errors.length)
    throw new AppError(CustomerProblem.customerInvalid, 422, 'The customer record is inconsistent.', {
      errors: errors.slice(0, 20),
    });
}

function toView(row: CustomerRow): CustomerView {
  const { name, sites, assets, categories, urgencies, contacts } = row.document;
  return { ref: row.ref, name, sites, assets, categories, urgencies, contacts, updatedAt: row.updatedAt.toISOString() };
}

export async function putCustomer(
  db: Knex,
  ref: string,
  body: PutCustomerBody,
): Promise<{ customer: CustomerView; created: boolean }> {
  checkCustomer(body);
  const row = { ref, name: body.name, document: JSON.stringify(body) };
  const [saved] = await db('customers')
    .insert(row)
    .onConflict('ref')
    .merge({ ...row, updatedAt: db.fn.now() })
    .returning(['*', db.raw('(xmax = 0) AS created')]);
  return { customer: toView(saved), created: saved.created };
}

export async function loadCustomer(db: Knex, ref: string): Promise<CustomerRow> {
  const row = await db('customers').where({ ref }).first();
  if (!row) throw notFound(`Customer ${ref}`);
  return row;
}

export const getCustomer = async (db: Knex, ref: string) => toView(await loadCustomer(db, ref));

export const customerExists = async (db: Knex, ref: string) =>
  Boolean(await db('customers').where({ ref }).first('ref'));

/** What a customer intake link may be narrowed by. */
const CUSTOMER_CONSTRAINTS = ['siteRef'];

/** At issue time: only known keys, and `siteRef` must be one of the customer's own sites. */
export async function validateCustomerConstraints(
  db: Knex,
  ref: string,
  constraints: Readonly<Record<string, string>>,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const key of Object.keys(constraints)) {
    if (!CUSTOMER_CONSTRAINTS.includes(key)) {
      errors.push({
        pointer: constraintPointer(key),
        message: `not a constraint of a customer link (known: ${CUSTOMER_CONSTRAINTS.join(', ')})`,
        keyword: CustomerProblem.linkConstraintUnknown,
      });
    }
  }
  if (constraints.siteRef !== undefined) {
    const { document } = await loadCustomer(db, ref);
    if (!document.sites.some((s) => s.ref === constraints.siteRef)) {
      errors.push({
        pointer: '/constraints/siteRef',
        message: 'not one of the customer’s sites',
        keyword: CustomerProblem.linkSiteNotFound,
      });
    }
  }
  return errors;
}

/** The one site an intake link is limited to (`constraints.siteRef`), if any. */
export const linkSite = (access: PortalAccess): string | undefined => access.link.constraints?.siteRef || undefined;

/** The form's configuration for this link: its sites, assets, categories and urgencies. */
export async function intakeConfig(db: Knex, access: PortalAccess, ref: string): Promise<IntakeConfig> {
  const { document } = await loadCustomer(db, ref);
  const siteRef = linkSite(access);
  const sites = siteRef ? document.sites.filter((s) => s.ref === siteRef) : document.sites;
  const assets = siteRef ? document.assets.filter((a) => a.siteRef === siteRef) : document.assets;
  const recipient = access.link.recipient;
  return {
    customer: { ref, name: document.name },
    ...(siteRef ? { siteRef } : {}),
    sites,
    assets,
    categories: document.categories.map(normalizeCategory),
    urgencies: document.urgencies,
    contact: {
      ...(recipient?.name ? { name: recipient.name } : {}),
      ...(recipient?.email ? { email: recipient.email } : {}),
    },
    actions: access.actions,
  };
}
