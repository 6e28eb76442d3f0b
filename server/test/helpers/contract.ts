import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = Record<string, unknown>;

interface Operation {
  pattern: RegExp;
  pathKey: string;
  method: string;
  responses: Record<string, Json>;
}

/** Headers the document declares where they are sent; an answer carrying one where it is not declared breaks it. */
const DOCUMENTED_HEADERS = ['location', 'etag', 'content-disposition', 'idempotent-replayed', 'retry-after'];

const escapePointer = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Checks real answers against the served OpenAPI document: the status must be declared for the
 * operation, the media type must be one it declares, a JSON body must match its schema (ajv, JSON
 * Schema 2020-12 as OpenAPI 3.1 uses), and headers such as `Location` or `Retry-After` must be declared
 * where they are sent. Request paths outside the document (unknown routes) must answer a valid Problem.
 */
export class ContractChecker {
  private readonly ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, validateFormats: true }));
  private readonly operations: Operation[] = [];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly doc: Json) {
    this.ajv.addSchema(doc, 'openapi');
    for (const [pathKey, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
      const pattern = new RegExp(`^${pathKey.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, op] of Object.entries(item)) {
        this.operations.push({ pattern, pathKey, method, responses: op.responses as Record<string, Json> });
      }
    }
  }

  private validator(pointer: string): ValidateFunction {
    let fn = this.validators.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `openapi#${pointer}` });
      this.validators.set(pointer, fn);
    }
    return fn;
  }

  private resolve(object: Json): { value: Json; pointer: string } | undefined {
    const ref = object.$ref as string | undefined;
    if (!ref) return undefined;
    let value: unknown = this.doc;
    for (const part of ref.slice(2).split('/'))
      value = (value as Json)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    return { value: value as Json, pointer: ref.slice(1) };
  }

  /** What is wrong with this answer; empty when it keeps the contract. */
  async violations(method: string, url: string, res: Response): Promise<string[]> {
    const verb = method.toLowerCase();
    if (verb === 'options' || verb === 'head') return [];
    const path = new URL(url).pathname;
    const where = `${method} ${path} → ${res.status}`;
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const op = this.operations.find((o) => o.method === verb && o.pattern.test(path));
    if (!op) {
      // Outside the document (no such route): the answer must still be a problem.
      if (mediaType !== 'application/problem+json') return [`${where}: not in the document and not a problem`];
      return this.checkBody(where, '/components/schemas/Problem', res);
    }
    let response = op.responses[String(res.status)] ?? op.responses[`${String(res.status)[0]}XX`];
    let pointer = `/paths/${escapePointer(op.pathKey)}/${verb}/responses/${res.status}`;
    if (!response) return [`${where}: status not declared for ${op.method.toUpperCase()} ${op.pathKey}`];
    const resolved = this.resolve(response);
    if (resolved) ({ value: response, pointer } = resolved);

    const problems: string[] = [];
    const declaredHeaders = Object.keys((response.headers as Json | undefined) ?? {}).map((h) => h.toLowerCase());
    for (const header of DOCUMENTED_HEADERS) {
      if (res.headers.has(header) && !declaredHeaders.includes(header))
        problems.push(`${where}: header ${header} is sent but not declared`);
    }
    const content = response.content as Record<string, Json> | undefined;
    if (!content) {
      if (mediaType && res.status !== 204) problems.push(`${where}: a ${mediaType} body where none is declared`);
      return problems;
    }
    const declared = Object.keys(content);
    if (!declared.includes(mediaType) && !declared.includes('*/*')) {
      problems.push(`${where}: ${mediaType || 'no media type'} is not one of ${declared.join(', ')}`);
      return problems;
    }
    if (mediaType === 'application/json' || mediaType === 'application/problem+json') {
      problems.push(...(await this.checkBody(where, `${pointer}/content/${escapePointer(mediaType)}/schema`, res)));
    }
    return problems;
  }

  private async checkBody(where: string, pointer: string, res: Response): Promise<string[]> {
    const text = await res.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`${where}: the body is not JSON: ${text.slice(0, 200)}`];
    }
    const validate = this.validator(pointer);
    if (validate(body)) return [];
    return (validate.errors ?? [])
      .slice(0, 10)
      .map((e) => `${where}: body${e.instancePath} ${e.message} (${e.schemaPath})`);
  }
}
