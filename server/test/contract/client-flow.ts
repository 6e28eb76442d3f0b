// A whole integration, written as an integrator would, against a client generated from the served
// OpenAPI document (openapi-typescript + openapi-fetch). `generated-client.test.ts` generates
// `./generated/openapi.ts`, type-checks this file with it (TypeScript 7, strict), then runs it.
import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import type { components, paths } from './generated/openapi.js';

type PortalEvent = components['schemas']['PortalEvent'];

export interface FlowResult {
  jobStatus: string;
  linkId: string;
  sessionExpiresAt: string;
  ratingId: string;
  ratedEvent: { score: number; linkId: string | null } | undefined;
  missingQueryStatus: number;
  problemCode: string | undefined;
}

export async function wholeFlow(baseUrl: string, integrationKey: string, ref: string): Promise<FlowResult> {
  const integration = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${integrationKey}` } });
  const portal = createClient<paths>({ baseUrl });

  // Push a record.
  const pushed = await integration.PUT('/api/integration/v1/jobs/{ref}', {
    params: { path: { ref } },
    body: {
      number: `ZL/${ref}`,
      customer: { ref: 'CUST-3', name: 'Browar Śląski S.A.' },
      title: 'Przegląd roczny sprężarek',
      status: 'completed',
      stages: [{ key: 'tests', name: 'Testy', state: 'done' }],
    },
  });
  if (!pushed.data) throw new Error(`PUT job: ${pushed.response.status}`);
  const jobStatus: string = pushed.data.status;

  // Issue a link.
  const issued = await integration.POST('/api/integration/v1/links', {
    body: { subject: { type: 'job', ref }, actions: ['job:read', 'job:approve'], maxUses: null },
  });
  if (!issued.data) throw new Error(`POST links: ${issued.response.status}`);
  const { token, id: linkId } = issued.data;

  // Listing links needs its query: the generated types say so, and the server agrees.
  // @ts-expect-error: subjectType and subjectRef are required query parameters
  const missing = await integration.GET('/api/integration/v1/links', { params: { query: {} } });
  const listed = await integration.GET('/api/integration/v1/links', {
    params: { query: { subjectType: 'job', subjectRef: ref } },
  });
  if (!listed.data?.links.some((l) => l.id === linkId)) throw new Error('the link is not listed');

  // Start a session with the link token.
  const started = await portal.POST('/api/portal/v1/sessions', {
    params: { header: { 'Idempotency-Key': randomUUID() } },
    headers: { authorization: `Bearer ${token}` },
  });
  if (!started.data) throw new Error(`POST sessions: ${started.response.status}`);
  const session = { authorization: `Bearer ${started.data.token}` };

  // Read.
  const read = await portal.GET('/api/portal/v1/jobs/{ref}', { params: { path: { ref } }, headers: session });
  if (read.data?.ref !== ref) throw new Error(`GET job: ${read.response.status}`);

  // Write; a refused write is a typed problem.
  const refused = await portal.POST('/api/portal/v1/jobs/{ref}/ratings', {
    params: { path: { ref }, header: { 'Idempotency-Key': randomUUID() } },
    body: { score: 9 },
    headers: session,
  });
  const problemCode: string | undefined = refused.error?.code;
  const rated = await portal.POST('/api/portal/v1/jobs/{ref}/ratings', {
    params: { path: { ref }, header: { 'Idempotency-Key': randomUUID() } },
    body: { score: 5, comment: 'Sprawnie i czysto.' },
    headers: session,
  });
  if (!rated.data) throw new Error(`POST rating: ${rated.response.status}`);

  // Read the feed: each event's data is typed by its type.
  const events: PortalEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await integration.GET('/api/integration/v1/events', { params: { query: { after, limit: 100 } } });
    if (!page.data) throw new Error(`GET events: ${page.response.status}`);
    events.push(...page.data.events);
    if (!page.data.events.length) break;
    after = page.data.next;
  }
  let ratedEvent: FlowResult['ratedEvent'];
  for (const event of events) {
    // @ts-expect-error: `score` is only known once the type says it is a rating
    void event.data.score;
    if (event.type === 'job.rated' && event.data.id === rated.data.id) {
      const score: number = event.data.score;
      ratedEvent = { score, linkId: event.linkId };
    }
  }

  return {
    jobStatus,
    linkId,
    sessionExpiresAt: started.data.expiresAt,
    ratingId: rated.data.id,
    ratedEvent,
    missingQueryStatus: missing.response.status,
    problemCode,
  };
}
