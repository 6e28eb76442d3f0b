import type { Knex } from 'knex';
import {
  type AddServiceRequestCommentBody,
  type AttachmentSummary,
  type CancelServiceRequestBody,
  type CreateServiceRequestBody,
  CustomerProblem,
  type FieldError,
  type JobStatus,
  type PutJobBody,
  type PutServiceRequestStatusBody,
  type RequesterMessage,
  type ServiceRequestComment,
  type ServiceRequestStatus,
  type ServiceRequestView,
  serviceRequestErrors,
} from '@amage/contracts';
import { AppError, notFound } from '../../lib/errors.js';
import { lockOrNotFound } from '../../db/lock.js';
import type { PortalAccess } from '../access/portal-access.js';
import { recordPortalEvent } from '../events/events.service.js';
import { claimAttachments, toSummary } from '../attachments/attachments.service.js';
import { linkSite, loadCustomer, normalizeCategory } from './customers.service.js';

/** What is stored in `service_requests.document`: the submitted request with snapshots for display. */
type RequestDocument = Pick<
  ServiceRequestView,
  | 'category'
  | 'asset'
  | 'site'
  | 'location'
  | 'title'
  | 'description'
  | 'urgency'
  | 'preferredDates'
  | 'contact'
  | 'attachments'
>;

interface RequestRow {
  id: string;
  number: string;
  customerRef: string;
  linkId: string | null;
  status: ServiceRequestStatus;
  jobRef: string | null;
  plannedStart: Date | null;
  plannedEnd: Date | null;
  document: RequestDocument;
  messages: RequesterMessage[];
  cancelledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface CommentRow {
  id: string;
  requestId: string;
  text: string | null;
  attachments: AttachmentSummary[];
  createdAt: Date;
}

const CLOSED: ServiceRequestStatus[] = ['completed', 'rejected', 'cancelled'];
const PLANNED: ServiceRequestStatus[] = ['planned', 'in-progress', 'completed'];

const isCancellable = (row: Pick<RequestRow, 'status' | 'plannedStart'>) =>
  !CLOSED.includes(row.status) && !PLANNED.includes(row.status) && !row.plannedStart;

interface JobRow {
  ref: string;
  number: string;
  customerRef: string;
  status: JobStatus;
  document: PutJobBody;
}

function toView(row: RequestRow, comments: CommentRow[], job?: JobRow): ServiceRequestView {
  const d = row.document;
  return {
    id: row.id,
    number: row.number,
    customerRef: row.customerRef,
    category: d.category,
    ...(d.asset ? { asset: d.asset } : {}),
    ...(d.site ? { site: d.site } : {}),
    ...(d.location ? { location: d.location } : {}),
    title: d.title,
    ...(d.description ? { description: d.description } : {}),
    ...(d.urgency ? { urgency: d.urgency } : {}),
    ...(d.preferredDates ? { preferredDates: d.preferredDates } : {}),
    contact: d.contact,
    attachments: d.attachments,
    status: row.status,
    ...(row.jobRef ? { jobRef: row.jobRef } : {}),
    ...(row.plannedStart ? { plannedStart: row.plannedStart.toISOString() } : {}),
    ...(row.plannedEnd ? { plannedEnd: row.plannedEnd.toISOString() } : {}),
    ...(job
      ? {
          job: {
            ref: job.ref,
            number: job.number,
            status: job.status,
            ...(job.document.plannedStart ? { plannedStart: job.document.plannedStart } : {}),
            ...(job.document.plannedEnd ? { plannedEnd: job.document.plannedEnd } : {}),
          },
        }
      : {}),
    messages: row.messages,
    comments: comments.map((c) => ({
      id: c.id,
      ...(c.text ? { text: c.text } : {}),
      attachments: c.attachments,
      createdAt: c.createdAt.toISOString(),
    })),
    cancellable: isCancellable(row),
    ...(row.cancelledAt ? { cancelledAt: row.cancelledAt.toISOString() } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function withComments(db: Knex, rows: RequestRow[]): Promise<ServiceRequestView[]> {
  if (rows.length === 0) return [];
  const comments: CommentRow[] = await db('service_request_comments')
    .whereIn(
      'requestId',
      rows.map((r) => r.id),
    )
    .orderBy('createdAt');
  // The assigned job as the main system shared it, only when it belongs to the request's own customer.
  const jobRefs = [...new Set(rows.flatMap((r) => (r.jobRef ? [r.jobRef] : [])))];
  const jobs: JobRow[] = jobRefs.length
    ? await db('jobs').whereIn('ref', jobRefs).select('ref', 'number', 'customerRef', 'status', 'document')
    : [];
  const jobOf = (r: RequestRow) => jobs.find((j) => j.ref === r.jobRef && j.customerRef === r.customerRef);
  return rows.map((r) =>
    toView(
      r,
      comments.filter((c) => c.requestId === r.id),
      jobOf(r),
    ),
  );
}

const refuse = (code: string, detail: string, errors: FieldError[]) => new AppError(code, 422, detail, { errors });

/**
 * Registers a service request made through an intake link: the category's field rules, the
 * customer's own assets and sites (and the link's one site) are enforced here, not only in the form.
 */
export async function createServiceRequest(
  db: Knex,
  access: PortalAccess,
  customerRef: string,
  body: CreateServiceRequestBody,
  now: Date,
): Promise<ServiceRequestView> {
  const customer = (await loadCustomer(db, customerRef)).document;
  const rawCategory = customer.categories.find((c) => c.key === body.category);
  if (!rawCategory)
    throw refuse(CustomerProblem.unknownCategory, 'This category cannot be chosen here.', [
      { pointer: '/category', message: 'not one of the offered categories' },
    ]);
  const category = normalizeCategory(rawCategory);

  // The category's own rules, shared with the widget (`@amage/contracts/rules`).
  const findings = serviceRequestErrors(category, body);
  const detail: Record<string, string> = {
    [CustomerProblem.fieldRequired]: `A ${category.name} request needs more information.`,
    [CustomerProblem.fieldNotUsed]: `A ${category.name} request does not take this information.`,
    [CustomerProblem.datesReversed]: 'The latest date is before the earliest.',
  };
  if (findings.length)
    throw refuse(
      findings[0]!.keyword,
      detail[findings[0]!.keyword] ?? 'Some values cannot be accepted.',
      findings.map(({ pointer, message }) => ({ pointer, message })),
    );

  if (body.urgency && !customer.urgencies.includes(body.urgency)) {
    throw refuse(CustomerProblem.unknownUrgency, 'This urgency cannot be chosen here.', [
      { pointer: '/urgency', message: 'not one of the offered urgencies' },
    ]);
  }
  const onlySite = linkSite(access);
  const asset = body.assetRef ? customer.assets.find((a) => a.ref === body.assetRef) : undefined;
  if (body.assetRef && !asset) {
    throw refuse(CustomerProblem.assetNotFound, 'This equipment is not on your list.', [
      { pointer: '/assetRef', message: 'not one of your assets' },
    ]);
  }
  if (asset && onlySite && asset.siteRef !== onlySite) {
    throw refuse(CustomerProblem.siteNotAllowed, 'This equipment stands at a site this link is not for.', [
      { pointer: '/assetRef', message: 'at another site' },
    ]);
  }
  let siteRef = body.siteRef;
  if (siteRef) {
    if (!customer.sites.some((s) => s.ref === siteRef)) {
      throw refuse(CustomerProblem.siteNotFound, 'This site is not on your list.', [
        { pointer: '/siteRef', message: 'not one of your sites' },
      ]);
    }
    if (onlySite && siteRef !== onlySite) {
      throw refuse(CustomerProblem.siteNotAllowed, 'This link is for another site.', [
        { pointer: '/siteRef', message: 'not the site of this link' },
      ]);
    }
    if (asset?.siteRef && asset.siteRef !== siteRef) {
      throw refuse(CustomerProblem.assetNotAtSite, 'This equipment is at another site.', [
        { pointer: '/assetRef', message: 'not at the chosen site' },
      ]);
    }
  }
  siteRef ??= asset?.siteRef ?? onlySite;
  const site = siteRef ? customer.sites.find((s) => s.ref === siteRef) : undefined;
  return db.transaction(async (trx) => {
    const files = await claimAttachments(
      trx,
      { subject: access.subject, linkId: access.link.id },
      body.attachments ?? [],
    );
    const [{ seq }] = await trx
      .raw("SELECT nextval('service_request_number_seq') AS seq")
      .then((r: { rows: Array<{ seq: string }> }) => r.rows);
    const number = `SR-${now.getUTCFullYear()}-${String(seq).padStart(5, '0')}`;
    const document: RequestDocument = {
      category: { key: category.key, name: category.name },
      ...(asset
        ? {
            asset: {
              ref: asset.ref,
              name: asset.name,
              ...(asset.serialNumber ? { serialNumber: asset.serialNumber } : {}),
            },
          }
        : {}),
      ...(site ? { site: { ref: site.ref, name: site.name } } : {}),
      ...(body.location ? { location: body.location } : {}),
      title: body.title,
      ...(body.description ? { description: body.description } : {}),
      ...(body.urgency ? { urgency: body.urgency } : {}),
      ...(body.preferredDates ? { preferredDates: body.preferredDates } : {}),
      contact: body.contact,
      attachments: files.map(toSummary),
    };
    const [row] = await trx('service_requests')
      .insert({ number, customerRef, linkId: access.link.id, document: JSON.stringify(document) })
      .returning('*');
    const view = toView(row, []);
    await recordPortalEvent(trx, access, 'service-request.created', { ...view });
    return view;
  });
}

/** The requests made through this link, newest first. */
export async function listServiceRequests(
  db: Knex,
  access: PortalAccess,
  customerRef: string,
): Promise<ServiceRequestView[]> {
  const rows: RequestRow[] = await db('service_requests')
    .where({ customerRef, linkId: access.link.id })
    .orderBy('createdAt', 'desc')
    .orderBy('number', 'desc')
    .limit(200);
  return withComments(db, rows);
}

/** Every request of a customer (integration API), newest first. */
export async function listCustomerRequests(db: Knex, customerRef: string): Promise<ServiceRequestView[]> {
  const rows: RequestRow[] = await db('service_requests')
    .where({ customerRef })
    .orderBy('createdAt', 'desc')
    .limit(500);
  return withComments(db, rows);
}

async function ownRequest(
  db: Knex,
  access: PortalAccess,
  customerRef: string,
  id: string,
  lock = false,
): Promise<RequestRow> {
  return lockOrNotFound<RequestRow>(
    db('service_requests').where({ id, customerRef, linkId: access.link.id }).first(),
    `Service request ${id}`,
    { lock },
  );
}

export async function getServiceRequest(
  db: Knex,
  access: PortalAccess,
  customerRef: string,
  id: string,
): Promise<ServiceRequestView> {
  return (await withComments(db, [await ownRequest(db, access, customerRef, id)]))[0]!;
}

/** More information (text and/or files) for an open request. */
export async function commentServiceRequest(
  db: Knex,
  access: PortalAccess,
  customerRef: string,
  id: string,
  body: AddServiceRequestCommentBody,
): Promise<ServiceRequestComment> {
  if (!body.text?.trim() && !body.attachments?.length) {
    throw refuse(CustomerProblem.commentEmpty, 'Write something or add a file.', [
      { pointer: '/text', message: 'empty' },
    ]);
  }
  return db.transaction(async (trx) => {
    const request = await ownRequest(trx, access, customerRef, id, true);
    if (CLOSED.includes(request.status))
      throw new AppError(
        CustomerProblem.requestClosed,
        409,
        'This request is closed; it cannot take more information.',
      );
    const files = (
      await claimAttachments(trx, { subject: access.subject, linkId: access.link.id }, body.attachments ?? [])
    ).map(toSummary);
    const [row] = await trx('service_request_comments')
      .insert({
        requestId: id,
        linkId: access.link.id,
        text: body.text?.trim() || null,
        attachments: JSON.stringify(files),
      })
      .returning('*');
    await trx('service_requests').where({ id }).update({ updatedAt: trx.fn.now() });
    const comment: ServiceRequestComment = {
      id: row.id,
      ...(row.text ? { text: row.text } : {}),
      attachments: files,
      createdAt: row.createdAt.toISOString(),
    };
    await recordPortalEvent(trx, access, 'service-request.commented', {
      requestId: id,
      number: request.number,
      ...comment,
    });
    return comment;
  });
}

/** The requester withdraws a request; refused once it is planned (the visit is being organised). */
export async function cancelServiceRequest(
  db: Knex,
  access: PortalAccess,
  customerRef: string,
  id: string,
  body: CancelServiceRequestBody,
): Promise<ServiceRequestView> {
  return db.transaction(async (trx) => {
    const request = await ownRequest(trx, access, customerRef, id, true);
    if (request.status === 'cancelled')
      throw new AppError(CustomerProblem.requestAlreadyCancelled, 409, 'This request was already cancelled.');
    if (CLOSED.includes(request.status))
      throw new AppError(CustomerProblem.requestClosed, 409, 'This request is closed.');
    if (!isCancellable(request)) {
      throw new AppError(
        CustomerProblem.requestAlreadyPlanned,
        409,
        'This request is already planned; call the service company to call it off.',
      );
    }
    const [row] = await trx('service_requests')
      .where({ id })
      .update({
        status: 'cancelled',
        cancelledAt: trx.fn.now(),
        cancelReason: body.reason ?? null,
        updatedAt: trx.fn.now(),
      })
      .returning('*');
    const comments: CommentRow[] = await trx('service_request_comments').where({ requestId: id }).orderBy('createdAt');
    const view = toView(row, comments);
    await recordPortalEvent(trx, access, 'service-request.cancelled', {
      requestId: id,
      number: request.number,
      ...(body.reason ? { reason: body.reason } : {}),
    });
    return view;
  });
}

// ── integration API ────────────────────────────────────────────────────────

export async function getServiceRequestById(db: Knex, id: string): Promise<ServiceRequestView> {
  const row: RequestRow | undefined = await db('service_requests').where({ id }).first();
  if (!row) throw notFound(`Service request ${id}`);
  return (await withComments(db, [row]))[0]!;
}

/** The main system's update: status, its job, the planned dates and the messages shown to the requester. */
export async function putServiceRequestStatus(
  db: Knex,
  id: string,
  body: PutServiceRequestStatusBody,
): Promise<ServiceRequestView> {
  const row: RequestRow | undefined = await db('service_requests')
    .where({ id })
    .update({
      status: body.status,
      jobRef: body.jobRef ?? null,
      plannedStart: body.plannedStart ?? null,
      plannedEnd: body.plannedEnd ?? null,
      ...(body.messages ? { messages: JSON.stringify(body.messages) } : {}),
      updatedAt: db.fn.now(),
    })
    .returning('*')
    .then((rows: RequestRow[]) => rows[0]);
  if (!row) throw notFound(`Service request ${id}`);
  return (await withComments(db, [row]))[0]!;
}
