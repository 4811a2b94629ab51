/**
 * fast-check arbitraries for malformed REST requests to one operation: wrong types in query
 * parameters and path ids, unknown, missing and oversized fields, invalid JSON, wrong content
 * types, huge numbers, negative paging, bad dates, bad sort keys, deep nesting and invalid typed
 * variables. Each request carries a `what` naming its mutations, printed when it fails.
 */
import fc from 'fast-check';
import { resolve, type FuzzOperation, type Schema } from './operations.js';

export interface FuzzRequest {
  method: string;
  /** Path and query, relative to `/engine-rest`. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  what: string[];
}

/** Raw JSON numbers JSON.stringify cannot write: a placeholder string is replaced after stringify. */
const RAW_NUMBERS = [
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '9007199254740993',
  '-0',
  '1.5e-400',
  '-9223372036854775809',
];
const rawToken = (i: number) => `@@raw${i}@@`;
const withRawNumbers = (json: string) =>
  json.replace(/"@@raw(\d+)@@"/g, (_m, i: string) => RAW_NUMBERS[Number(i)] ?? '0');

const LONG = 'x'.repeat(5_000);
const VERY_LONG = 'y'.repeat(300_000);

/** Strings a query parameter or id should not accept, or should accept without failing. */
export const badText = fc.oneof(
  fc.constantFrom(
    'abc',
    '-1',
    '-2147483649',
    '99999999999999999999999',
    '1e309',
    '1.5',
    '0x1F',
    'NaN',
    'Infinity',
    '',
    ' ',
    'null',
    'true',
    '[]',
    '{}',
    '{"a":',
    '2026-13-45T99:99:99',
    '27/11/2026',
    '2026-11-27T10:00:00.000+9999',
    "' OR '1'='1",
    '%',
    '%%25',
    '_',
    '\\',
    'a_eq_',
    '_eq_b',
    'x_zz_y',
    'a_eq_b,c_gt_d,e_like',
    ',,,',
    'Hồ sơ 🚀',
    '\u0000',
    '\uFFFF',
    LONG,
  ),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
);

const badDate = fc.constantFrom(
  '27/11/2026',
  '2026-02-30T10:00:00.000+0000',
  '2026-11-27',
  'yesterday',
  '99999-01-01T00:00:00.000+0000',
  '2026-11-27T10:00:00.000+9999',
  '2026-11-27T25:61:61.000+0000',
  '-000001-01-01T00:00:00.000Z',
  '',
);

/** Any JSON value of the wrong kind, including numbers JSON.stringify cannot write. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, '', 'abc', [], {}, [1, 'a'], { a: { b: 1 } }),
  fc.integer({ min: 0, max: RAW_NUMBERS.length - 1 }).map(rawToken),
  badDate,
  fc.constant(LONG),
  fc.string({ maxLength: 20 }),
  fc.integer(),
);

/** Invalid typed variables (`{value, type, valueInfo}`) and values that are not typed variables. */
export const badTypedVariable: fc.Arbitrary<unknown> = fc.constantFrom(
  { value: 'abc', type: 'Integer' },
  { value: '12', type: 'Long' },
  { value: 1.5, type: 'Integer' },
  { value: 3e10, type: 'Integer' },
  { value: 1e300, type: 'Long' },
  { value: 'x', type: 'Double' },
  { value: 'yes', type: 'Boolean' },
  { value: 'not a date', type: 'Date' },
  { value: '2026-02-30T10:00:00.000+0000', type: 'Date' },
  { value: 5, type: 'String' },
  { value: { a: 1 }, type: 'String' },
  { value: 1, type: 'NoSuchType' },
  { value: 1, type: 5 },
  { value: 1, type: '' },
  { value: '{not json', type: 'Json' },
  { value: { a: 1 }, type: 'Json' },
  { value: '[1,', type: 'Json' },
  {
    value: '{"a":',
    type: 'Object',
    valueInfo: { objectTypeName: 'java.util.HashMap', serializationDataFormat: 'application/json' },
  },
  {
    value: '{}',
    type: 'Object',
    valueInfo: { serializationDataFormat: 'application/x-java-serialized-object' },
  },
  { value: '{}', type: 'Object', valueInfo: 'not an object' },
  { value: '{}', type: 'Object' },
  { value: '<a>', type: 'Xml' },
  { value: '!!!not base64', type: 'Bytes' },
  { value: 5, type: 'Bytes' },
  { value: '!!!', type: 'File', valueInfo: { filename: 5, mimetype: [] } },
  { value: 'a', type: 'File' },
  { value: null, type: 'Integer' },
  { type: 'String' },
  { value: 'x', valueInfo: 5 },
  { value: 'x', type: 'String', valueInfo: { transient: 'yes' } },
  'not an object',
  5,
  null,
  [],
);

const badVariables: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(fc.constantFrom('amount', 'x', '', ' ', 'a.b', LONG), badTypedVariable, {
    minKeys: 1,
    maxKeys: 3,
  }),
  fc.constantFrom('variables', 5, [], [{ name: 'x' }], null),
  // Variable filters of the POST queries (`[{name, operator, value}]`), malformed.
  fc.constantFrom(
    [{ name: 'amount', operator: 'like', value: VERY_LONG }],
    [{ name: 'amount', operator: 'gteq', value: { a: 1 } }],
    [{ name: 'amount', operator: 'eq', value: rawToken(0) }],
    [{ name: 5, operator: 'eq', value: 1 }],
    [{ name: 'amount', operator: 'noSuchOperator', value: 1 }],
    [{ name: 'amount', operator: 'eq' }],
  ),
);

/** A JSON document nested `depth` levels deep, as text (JSON.stringify would overflow first). */
export const deepJson = (depth: number, open = '{"a":', close = '}', leaf = '1') =>
  open.repeat(depth) + leaf + close.repeat(depth);

const VARIABLE_FIELDS = /variables$|Variables$|^modifications$|^variable$/;

/** A value for a schema: mostly well typed, sometimes wrong, so deeper code is reached. */
function valueFor(schemaRef: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
  const schema = resolve(schemaRef);
  if (VARIABLE_FIELDS.test(name) && depth < 4) return fc.oneof(badVariables, wrongValue);
  let good: fc.Arbitrary<unknown>;
  if (depth > 3) good = wrongValue;
  else if (schema.type === 'integer' || schema.type === 'number')
    good = fc.oneof(fc.integer({ min: -5, max: 100 }), fc.constant(rawToken(0)), fc.constant(-1));
  else if (schema.type === 'boolean') good = fc.boolean();
  else if (schema.type === 'string' && schema.format === 'date-time')
    good = fc.oneof(badDate, fc.constant('2026-11-27T10:00:00.000+0000'));
  else if (schema.type === 'string' && Array.isArray(schema.enum))
    good = fc.oneof(fc.constantFrom(...(schema.enum as unknown[])), fc.constant('noSuchValue'));
  else if (schema.type === 'string') good = fc.oneof(badText, fc.constant('fuzz-process'));
  else if (schema.type === 'array')
    good = fc.array(valueFor(schema.items ?? {}, name, depth + 1), { maxLength: 3 });
  else if (schema.properties || schema.type === 'object') good = objectFor(schema, depth + 1);
  else good = wrongValue;
  return fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: wrongValue });
}

/** An object with some of the schema's properties (each maybe wrong), maybe an unknown one. */
function objectFor(schemaRef: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const schema = resolve(schemaRef);
  const props = Object.entries<Schema>(schema.properties ?? {});
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, s] of props) fields[k] = valueFor(s, k, depth);
  const known = fc.record(fields, { requiredKeys: [] });
  return fc
    .tuple(known, fc.option(fc.tuple(fc.constantFrom('noSuchField', '__proto__', 'constructor'), wrongValue)))
    .map(([obj, extra]) => {
      const out: Record<string, unknown> = { ...obj };
      if (extra) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true });
      return out;
    });
}

/** What goes on the wire as the body, and with which content type. */
interface Body {
  contentType?: string;
  text?: string;
  what: string;
}

const invalidJsonText = fc.constantFrom(
  '{',
  '{"a":',
  "{'a':1}",
  'nul',
  '[1,2',
  '{"a":1}}',
  'NaN',
  '\u0000',
  '{"a":"\\ud800"}',
  '{"a":"\\x"}',
  '\uFEFF{}',
);

function jsonBodyFor(op: FuzzOperation): fc.Arbitrary<Body> {
  const schema = op.jsonBody ? resolve(op.jsonBody) : {};
  const structured = objectFor(schema, 0).map((o) => ({
    contentType: 'application/json',
    text: withRawNumbers(JSON.stringify(o)),
    what: 'schema-shaped body with wrong/unknown fields',
  }));
  const props = Object.keys(schema.properties ?? {});
  const oversized = fc.constantFrom(...(props.length ? props : ['name'])).map((k) => ({
    contentType: 'application/json',
    text: JSON.stringify({ [k]: VERY_LONG }),
    what: `oversized field ${k}`,
  }));
  return fc.oneof(
    { weight: 6, arbitrary: structured },
    { weight: 1, arbitrary: oversized },
    {
      weight: 1,
      arbitrary: invalidJsonText.map((text) => ({
        contentType: 'application/json',
        text,
        what: 'invalid JSON',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('[]', '"x"', '5', 'null', 'true', '[{}]').map((text) => ({
        contentType: 'application/json',
        text,
        what: 'JSON that is not an object',
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...(props.length ? props : ['a'])),
          fc.constantFrom(200, 5_000, 100_000),
          fc.boolean(),
        )
        .map(([k, depth, arrays]) => ({
          contentType: 'application/json',
          text: `{"${k}":${arrays ? deepJson(depth, '[', ']') : deepJson(depth)}}`,
          what: `field ${k} nested ${depth} deep`,
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            'text/plain',
            'application/xml',
            'multipart/form-data',
            'application/x-www-form-urlencoded',
            'application/json; charset=latin1',
            '',
          ),
          fc.constantFrom('{}', 'a=1&b=2', '<a/>', '--x\r\n'),
        )
        .map(([contentType, text]) => ({ contentType, text, what: `content type '${contentType}'` })),
    },
  );
}

/** A multipart body with garbage parts, for the upload operations. */
const multipartBody: fc.Arbitrary<Body> = fc
  .array(
    fc.tuple(
      fc.constantFrom('a.bpmn', 'b.dmn', 'c.form', 'd.txt', '', '../../etc/passwd', 'e.bpmn20.xml'),
      fc.constantFrom(
        '',
        'not xml',
        '<?xml version="1.0"?><x/>',
        '<definitions',
        '{"components":',
        '{"type":"default","components":5}',
        deepJson(2_000, '<a>', '</a>', ''),
      ),
    ),
    { maxLength: 3 },
  )
  .chain((files) =>
    fc
      .record(
        {
          'deployment-name': fc.oneof(badText, fc.constant(VERY_LONG)),
          'tenant-id': badText,
          'enable-duplicate-filtering': badText,
          'deployment-activation-time': badDate,
        },
        { requiredKeys: [] },
      )
      .map((fields) => {
        const b = 'fuzzBoundary';
        let text = '';
        for (const [k, v] of Object.entries(fields))
          text += `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`;
        for (const [name, content] of files)
          text += `--${b}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n`;
        text += `--${b}--\r\n`;
        return {
          contentType: `multipart/form-data; boundary=${b}`,
          text,
          what: `multipart with ${files.length} files`,
        };
      }),
  );

const dateParam = /(After|Before|Date|^due|^followUp|^created|At)$/;

function queryFor(op: FuzzOperation): fc.Arbitrary<{ query: [string, string][]; what: string[] }> {
  const documented = op.queryParams.map((p) => p.name);
  const named = fc
    .constantFrom(...(documented.length ? documented : ['firstResult']))
    .chain((name) =>
      (dateParam.test(name) ? fc.oneof(badDate, badText) : badText).map((v) => [name, v] as [string, string]),
    );
  const generic = fc.oneof(
    fc.constantFrom<[string, string]>(
      ['firstResult', '-1'],
      ['maxResults', '-5'],
      ['maxResults', '99999999999999999999'],
      ['firstResult', '1e3'],
      ['sortBy', 'noSuchKey'],
      ['sortOrder', 'sideways'],
      ['sortBy', 'id; DROP TABLE x'],
      ['deserializeValues', 'maybe'],
      ['noSuchParameter', 'x'],
    ),
    fc.tuple(
      fc.constantFrom('variables', 'processVariables', 'taskVariables'),
      fc.oneof(badText, fc.constant(`amount_like_${'%'.repeat(6_000)}`)),
    ),
  );
  return fc
    .array(fc.oneof({ weight: 3, arbitrary: named }, { weight: 2, arbitrary: generic }), { maxLength: 3 })
    .map((query) => ({ query, what: query.length ? [`query ${query.map(([k]) => k).join(',')}`] : [] }));
}

const weirdIds = fc.constantFrom(
  LONG,
  'z'.repeat(20_000), // past Node's 16 KB request line: answered by the server's clientError handler
  'Hồ-sơ',
  "'",
  '%',
  ' ',
  '-1',
  'null',
  'undefined',
  '..',
  'a/b',
  '\u0000',
  'x'.repeat(300),
);

/** A malformed request to `op`; `ids` are real ids (seeded data), so deep code is reached too. */
export function malformedRequest(op: FuzzOperation, ids: readonly string[]): fc.Arbitrary<FuzzRequest> {
  const pathValue = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ids) },
    { weight: 2, arbitrary: weirdIds },
  );
  const pathValues = fc.tuple(...op.pathParams.map(() => pathValue));
  const hasBody = op.method === 'POST' || op.method === 'PUT';
  const body: fc.Arbitrary<Body | null> = !hasBody
    ? fc.constant(null)
    : op.multipart
      ? fc.oneof({ weight: 3, arbitrary: multipartBody }, { weight: 1, arbitrary: jsonBodyFor(op) })
      : jsonBodyFor(op);
  return fc.tuple(pathValues, queryFor(op), body).map(([values, q, b]) => {
    let path = op.path;
    op.pathParams.forEach((p, i) => {
      path = path.replace(`{${p}}`, encodeURIComponent(values[i] as string));
    });
    const search = new URLSearchParams(q.query).toString();
    const headers: Record<string, string> = {};
    if (b?.contentType) headers['content-type'] = b.contentType;
    const text = b?.text !== undefined ? capLongPolling(op, b.text) : undefined;
    return {
      method: op.method,
      url: search ? `${path}?${search}` : path,
      headers,
      body: text,
      what: [...q.what, ...(b ? [b.what] : [])],
    };
  });
}

/** fetchAndLock with a valid long asyncResponseTimeout would rightly wait; keep waits short. */
function capLongPolling(op: FuzzOperation, text: string): string {
  if (!op.path.endsWith('/fetchAndLock')) return text;
  return text.replace(/"asyncResponseTimeout":\s*(\d{4,})/g, '"asyncResponseTimeout":500');
}
