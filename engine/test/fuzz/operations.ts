/**
 * The operations the fuzz suite attacks: every route the engine registers (`restRoutes()`), with
 * its parameters and request body as Camunda's OpenAPI document describes them. Routes the
 * document does not list (our own extensions) are fuzzed too, with only the generic mutations.
 */
import { readFileSync } from 'node:fs';
import { OPENAPI_PATH } from '../contract/openapi-contract.js';
import { restRoutes } from '../../src/rest/rest-app.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document is untyped JSON */
export type Schema = any;

export interface FuzzOperation {
  method: string;
  /** Camunda's template, e.g. `/task/{id}/claim`. */
  path: string;
  pathParams: string[];
  queryParams: { name: string; schema: Schema }[];
  /** The JSON body schema (refs resolved lazily through `resolve`), or null. */
  jsonBody: Schema | null;
  multipart: boolean;
}

const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as Schema;

/** Follows `$ref`s into `components`; cycles are cut by the callers' depth limits. */
export function resolve(schema: Schema): Schema {
  let s = schema;
  for (let i = 0; i < 10 && s && typeof s === 'object' && typeof s.$ref === 'string'; i++) {
    const parts = (s.$ref as string).replace(/^#\//, '').split('/');
    s = parts.reduce((node: Schema, key) => node?.[key], doc);
  }
  return s ?? {};
}

const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');

function documented(method: string, path: string): Schema | undefined {
  const want = shape(path);
  for (const [p, item] of Object.entries<Schema>(doc.paths))
    if (shape(p) === want) return item[method.toLowerCase()];
  return undefined;
}

export function fuzzOperations(): FuzzOperation[] {
  const seen = new Set<string>();
  const out: FuzzOperation[] = [];
  for (const { method, path } of restRoutes()) {
    const key = `${method} ${path}`;
    if (seen.has(key) || method === 'OPTIONS') continue;
    seen.add(key);
    const op = documented(method, path);
    const params = ((op?.parameters ?? []) as Schema[]).map(resolve);
    const content = op?.requestBody ? resolve(op.requestBody).content : undefined;
    out.push({
      method,
      path,
      pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
      queryParams: params
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name as string, schema: resolve(p.schema) })),
      jsonBody: content?.['application/json']?.schema ?? null,
      multipart: Boolean(content?.['multipart/form-data']),
    });
  }
  return out;
}
