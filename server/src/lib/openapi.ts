import { Problem } from '@amage/contracts';
import type { RegisteredRoute } from './route.js';

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** OpenAPI 3.1 document of both APIs, built from the route registry and the shared schemas. */
export function buildOpenApi(routes: RegisteredRoute[], publicUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = toOpenApiPath(route.basePath + route.path);
    const parameters = [
      ...Object.entries((route.params as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}).map(
        ([name, schema]) => ({ name, in: 'path', required: true, schema }),
      ),
      ...Object.entries((route.query as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}).map(
        ([name, schema]) => ({ name, in: 'query', required: false, schema }),
      ),
      ...(route.api === 'portal' && route.method !== 'get'
        ? [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 200 } }]
        : []),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(route.responses)) {
      responses[status] = schema
        ? { description: 'OK', content: { 'application/json': { schema } } }
        : { description: 'No content' };
    }
    responses.default = { description: 'Problem', content: { 'application/problem+json': { schema: Problem } } };
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      tags: route.tags ?? [route.api],
      security: [{ [route.api === 'portal' ? 'portalToken' : 'integrationKey']: [] }],
      ...(route.portal ? { 'x-amage-action': route.portal.action, 'x-amage-subject': route.portal.subjectType } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } }
        : {}),
      ...(route.rawBody
        ? {
            requestBody: {
              required: true,
              content: { '*/*': { schema: { type: 'string', format: 'binary', maxLength: route.rawBody.limit } } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'AMAGE Portals API',
      version: '1',
      description:
        'Integration API (for the main AMAGE system, integration key) and portal API (for external people, link or session token).',
    },
    servers: [{ url: publicUrl }],
    components: {
      securitySchemes: {
        integrationKey: { type: 'http', scheme: 'bearer', description: 'Integration API key (amgk_…).' },
        portalToken: { type: 'http', scheme: 'bearer', description: 'Link token (amg_…) or session token (amgs_…).' },
      },
    },
    paths,
  };
}
