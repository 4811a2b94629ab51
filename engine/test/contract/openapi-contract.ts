/**
 * Validates requests and responses against Camunda's OpenAPI document
 * (`../reference/camunda7-openapi.json`, OpenAPI 3.0.2 of engine-rest 7.24) with ajv.
 *
 * The document's schemas are compiled as they are, with OpenAPI's `nullable` (ajv supports it
 * natively) — except where the document contradicts what Camunda 7 really sends. Those places
 * are patched here, in one table, each with its reason: a patch must never be a way to make our
 * own engine pass.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const here = dirname(fileURLToPath(import.meta.url));
export const OPENAPI_PATH = resolve(here, '../reference/camunda7-openapi.json');

/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document is untyped JSON */
type Json = any;

/** Camunda's date format `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (offset without a colon, as Camunda sends it). */
const CAMUNDA_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?([+-]\d{2}:?\d{2}|Z)$/;

export interface DocumentException {
  /** JSON pointer into the document (for a schema patch) or a description of what is relaxed. */
  where: string;
  reason: string;
  /** Applied to the document before compiling. */
  patch?: (doc: Json) => void;
}

/**
 * Where the OpenAPI document is wrong relative to Camunda 7's real behaviour. Every entry names
 * the place and why; the README's contract section repeats this table.
 */
export const DOCUMENT_EXCEPTIONS: DocumentException[] = [
  {
    where: 'format: date-time (everywhere)',
    reason:
      "Camunda serialises dates as `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (`2013-01-23T13:42:42.657+0200`, the document's own examples), which is not RFC 3339; the format accepts that pattern instead.",
  },
  {
    where: '#/components/schemas/ExceptionDto/properties/code',
    reason:
      'Camunda\'s ExceptionDto.code is a Java Integer set only for ProcessEngineExceptions; a RestException such as InvalidRequestException is serialised with `"code": null`.',
    patch: (doc) => {
      doc.components.schemas.ExceptionDto.properties.code.nullable = true;
    },
  },
  {
    where: '`nullable: true` together with `enum` (everywhere)',
    reason:
      "JSON Schema's `enum` rejects `null` unless listed, so OpenAPI 3.0 nullable enums (e.g. TaskDto.delegationState) would refuse the `null` Camunda sends for an unset value; `null` is added to each such enum.",
    patch: (doc) => {
      const walk = (x: Json): void => {
        if (Array.isArray(x)) return x.forEach(walk);
        if (!x || typeof x !== 'object') return;
        if (x.nullable === true && Array.isArray(x.enum) && !x.enum.includes(null)) x.enum.push(null);
        Object.values(x).forEach(walk);
      };
      walk(doc);
    },
  },
  {
    where:
      '#/components/schemas/MessageCorrelationResultWithVariableDto/properties/{processInstance,execution}',
    reason:
      'The schema itself says only one of them has a value (by `resultType`); Camunda serialises the other as `null`, but the document does not mark them nullable.',
    patch: (doc) => {
      const p = doc.components.schemas.MessageCorrelationResultWithVariableDto.properties;
      for (const k of ['processInstance', 'execution']) p[k] = { anyOf: [p[k], { type: 'null' }] };
    },
  },
  {
    where: '`application/json` with schema `type: string, format: binary` (deployed forms)',
    reason:
      '`…/deployed-start-form` and `/task/{id}/deployed-form` answer the deployed form-js document itself, a JSON object with `application/json`; the document describes its bytes as a binary string (and the by-key variant as `application/xhtml+xml`). Any JSON is accepted there.',
    patch: (doc) => {
      for (const item of Object.values<Json>(doc.paths))
        for (const op of Object.values<Json>(item))
          for (const r of Object.values<Json>(op?.responses ?? {})) {
            const json = r?.content?.['application/json'];
            if (json?.schema?.type === 'string' && json.schema.format === 'binary') json.schema = {};
          }
      for (const [path, item] of Object.entries<Json>(doc.paths))
        if (/\/deployed-(start-)?form$/.test(path) && item.get?.responses?.['200']?.content)
          item.get.responses['200'].content['application/json'] ??= { schema: {} };
    },
  },
  {
    where: 'GET …/variables/{varName} (every resource)',
    reason:
      "Camunda's AbstractVariablesResource answers an unknown variable name with 404 (`… variable with name x does not exist`); the document lists only 200 and 400.",
    patch: (doc) => {
      for (const [path, item] of Object.entries<Json>(doc.paths))
        if (/\/variables\/\{varName\}$/.test(path) && item.get?.responses && !item.get.responses['404'])
          item.get.responses['404'] = {
            description: 'Not found',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ExceptionDto' } } },
          };
    },
  },
  {
    where: '#/components/schemas/HistoricDetailDto/properties/value',
    reason:
      "Typed `object` in the document, but for a `variableUpdate` detail Camunda sends the variable's value as it is (a string, a number, a boolean…), as the document's own examples show.",
    patch: (doc) => {
      doc.components.schemas.HistoricDetailDto.properties.value = { $ref: '#/components/schemas/AnyValue' };
    },
  },
  {
    where: 'POST /tenant/create',
    reason:
      'The document lists 204, 403 and 500, but Operaton 1.0.3 refuses an existing tenant id with 400 `BadUserRequestException` ("The tenant already exists"), as for users.',
    patch: (doc) => {
      doc.paths['/tenant/create'].post.responses['400'] ??= {
        description: 'Refused',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ExceptionDto' } } },
      };
    },
  },
  {
    where: '#/components/schemas/HistoricDecision{Input,Output}InstanceDto/properties/value',
    reason:
      'Typed `object` in the document, but Camunda sends a decision\'s input or output value as it is (Operaton 1.0.3: `"value": 150`, `"value": "new"`), as for HistoricDetailDto.',
    patch: (doc) => {
      for (const name of ['HistoricDecisionInputInstanceDto', 'HistoricDecisionOutputInstanceDto'])
        doc.components.schemas[name].properties.value = { $ref: '#/components/schemas/AnyValue' };
    },
  },
  {
    where: 'POST /user/create',
    reason:
      'The document lists only 204, but Camunda refuses a user that exists or a password its policy rejects with an ExceptionDto (400/500), like the other create operations.',
    patch: (doc) => {
      const responses = doc.paths['/user/create'].post.responses;
      for (const status of ['400', '500'])
        responses[status] ??= {
          description: 'Refused',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ExceptionDto' } } },
        };
    },
  },
  {
    where: 'DELETE /deployment/{id}, /process-definition/{id}, /process-definition/key/{key}',
    reason:
      "Deleting definitions that still have running instances without `cascade` fails in Camunda's RepositoryService with a ProcessEngineException, which the REST API answers with 500; the document does not list it.",
    patch: (doc) => {
      for (const path of ['/deployment/{id}', '/process-definition/{id}', '/process-definition/key/{key}'])
        doc.paths[path].delete.responses['500'] ??= {
          description: 'Running instances and no cascade',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ExceptionDto' } } },
        };
    },
  },
  {
    where: '/process-definition/key/{key}… and /process-definition/{id}… (every operation)',
    reason:
      'Camunda resolves the key or id first and answers 404 (`No matching process definition with key: … and no tenant-id`, `No matching definition with id …`) for an unknown one; the document lists no 404 for many of these operations.',
    patch: (doc) => {
      for (const [path, item] of Object.entries<Json>(doc.paths)) {
        if (!path.startsWith('/process-definition/key/{key}') && !path.startsWith('/process-definition/{id}'))
          continue;
        for (const op of Object.values<Json>(item))
          if (op?.responses && !op.responses['404'])
            op.responses['404'] = {
              description: 'Not found',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ExceptionDto' } } },
            };
      }
    },
  },
  {
    where:
      'DELETE /process-definition/{id}, /process-definition/key/{key}, /process-definition/key/{key}/tenant-id/{tenant-id}',
    reason:
      'Operaton 1.0.3 (the reference) answers these deletes with 200 and an empty body, not the 204 the document lists; our engine does the same (engine/README.md, "Differences from the reference engines").',
    patch: (doc) => {
      for (const path of [
        '/process-definition/{id}',
        '/process-definition/key/{key}',
        '/process-definition/key/{key}/tenant-id/{tenant-id}',
      ])
        doc.paths[path].delete.responses['200'] ??= { description: 'Deleted (empty body)' };
    },
  },
  {
    where: 'POST /task/{id}/claim, GET /process-instance/{id}/activity-instances',
    reason:
      "Operaton 1.0.3 answers a claim of a suspended task with 400 (SuspendedEntityInteractionException) and an unknown instance's activity tree with 404; the document lists neither. Our engine does the same.",
    patch: (doc) => {
      const problem = (description: string) => ({
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ExceptionDto' } } },
      });
      doc.paths['/task/{id}/claim'].post.responses['400'] ??= problem('Suspended task');
      doc.paths['/process-instance/{id}/activity-instances'].get.responses['404'] ??= problem('Not found');
    },
  },
  {
    where: '#/components/schemas/PasswordPolicyRuleDto/properties/parameter',
    reason:
      'Operaton sends `"parameter": null` for a rule without parameters (PASSWORD_POLICY_USER_DATA of its default policy); the document does not mark it nullable.',
    patch: (doc) => {
      doc.components.schemas.PasswordPolicyRuleDto.properties.parameter.nullable = true;
    },
  },
];

/** One violation of the contract found on a call. */
export interface ContractViolation {
  operation: string;
  where: 'request' | 'response';
  message: string;
}

export interface DocOperation {
  method: string;
  /** The document's path template, e.g. `/task/{id}/complete`. */
  path: string;
  op: Json;
  regex: RegExp;
  /** Number of path parameters: literal segments win over templates (`/task/count` vs `/task/{id}`). */
  params: number;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pointerPart = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class OpenApiContract {
  readonly doc: Json;
  readonly operations: DocOperation[];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(path = OPENAPI_PATH) {
    this.doc = JSON.parse(readFileSync(path, 'utf8'));
    for (const e of DOCUMENT_EXCEPTIONS) e.patch?.(this.doc);
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    // ajv-formats is CommonJS; its default export arrives wrapped under ESM.
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
      addFormatsModule) as (ajv: Ajv) => void;
    addFormats(this.ajv);
    this.ajv.addFormat('date-time', CAMUNDA_DATE);
    this.ajv.addSchema({ components: this.doc.components }, 'camunda');
    this.operations = [];
    for (const [p, item] of Object.entries<Json>(this.doc.paths)) {
      for (const method of ['get', 'post', 'put', 'delete', 'patch', 'options', 'head']) {
        if (!item[method]) continue;
        const parts = p.split(/\{[^}]+\}/);
        this.operations.push({
          method: method.toUpperCase(),
          path: p,
          op: item[method],
          regex: new RegExp(`^${parts.map(escapeRegex).join('[^/]+')}$`),
          params: parts.length - 1,
        });
      }
    }
  }

  /** The document's operation for a concrete call, preferring the most literal path. */
  find(method: string, path: string): DocOperation | undefined {
    const pathOnly = path.split('?')[0]!;
    return this.operations
      .filter((o) => o.method === method.toUpperCase() && o.regex.test(pathOnly))
      .sort((a, b) => a.params - b.params)[0];
  }

  private validator(pointer: string, schema: Json): ValidateFunction {
    let v = this.compiled.get(pointer);
    if (!v) {
      // Inline schemas refer to `#/components/schemas/…`: point those at the registered document.
      const rewritten = JSON.parse(
        JSON.stringify(schema).replace(/"#\/components\//g, '"camunda#/components/'),
      );
      v = this.ajv.compile(rewritten);
      this.compiled.set(pointer, v);
    }
    return v;
  }

  private errors(errs: ErrorObject[] | null | undefined): string {
    return (errs ?? [])
      .slice(0, 8)
      .map(
        (e) => `${e.instancePath || '(root)'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`,
      )
      .join('; ');
  }

  /** Checks query parameters and the JSON body of a request. */
  checkRequest(
    op: DocOperation,
    query: URLSearchParams,
    body: { json?: unknown; multipartFields?: string[] },
  ): string[] {
    const out: string[] = [];
    const params: Json[] = op.op.parameters ?? [];
    for (const [name, value] of query) {
      const p = params.find((x) => x.in === 'query' && x.name === name);
      if (!p) {
        out.push(`query parameter '${name}' is not in the document`);
        continue;
      }
      const t = p.schema?.type;
      if (t === 'integer' && !/^-?\d+$/.test(value)) out.push(`query '${name}' must be an integer`);
      if (t === 'boolean' && value !== 'true' && value !== 'false')
        out.push(`query '${name}' must be a boolean`);
      if (p.schema?.format === 'date-time' && !CAMUNDA_DATE.test(value))
        out.push(`query '${name}' must be a date`);
      if (p.schema?.enum && !p.schema.enum.includes(value))
        out.push(`query '${name}' must be one of ${p.schema.enum}`);
    }
    const rb = op.op.requestBody;
    if (body.json !== undefined) {
      const schema = rb?.content?.['application/json']?.schema;
      if (!schema) out.push('a JSON body was sent but the document defines none');
      else {
        const pointer = `#/paths/${pointerPart(op.path)}/${op.method.toLowerCase()}/requestBody`;
        const v = this.validator(pointer, schema);
        if (!v(body.json)) out.push(`body: ${this.errors(v.errors)}`);
      }
    }
    if (body.multipartFields) {
      let schema = rb?.content?.['multipart/form-data']?.schema;
      if (schema?.$ref) schema = this.resolveRef(schema.$ref);
      if (!schema) out.push('a multipart body was sent but the document defines none');
      else
        for (const f of body.multipartFields)
          if (!schema.properties?.[f]) out.push(`multipart field '${f}' is not in the document`);
    }
    return out;
  }

  /** Checks a response's status, content type and JSON body. */
  checkResponse(op: DocOperation, status: number, contentType: string | null, body: string): string[] {
    const responses = op.op.responses ?? {};
    const r = responses[String(status)] ?? responses.default;
    if (!r) return [`status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
    const content = r.content as Json | undefined;
    if (!content) {
      return body.length > 0 ? [`status ${status} documents no body but one was sent`] : [];
    }
    const types = Object.keys(content);
    if (contentType === 'application/json' && content['application/json']) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return ['response is not JSON'];
      }
      const schema = content['application/json'].schema;
      if (!schema) return [];
      const pointer = `#/paths/${pointerPart(op.path)}/${op.method.toLowerCase()}/responses/${status}`;
      const v = this.validator(pointer, schema);
      return v(parsed) ? [] : [`body: ${this.errors(v.errors)}`];
    }
    const base = (contentType ?? '').split(';')[0]!.trim();
    if (!types.includes(base) && !types.includes('*/*'))
      return [`content type '${contentType}' is not documented (${types.join(', ')})`];
    return [];
  }

  private resolveRef(ref: string): Json {
    return ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((o: Json, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], this.doc);
  }
}
