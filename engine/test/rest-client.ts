/* eslint-disable @typescript-eslint/no-explicit-any -- test bodies are arbitrary JSON, asserted field by field */
/** A tiny client for the engine REST API in tests: raw status, headers and parsed JSON. */
export interface RestResponse<T = any> {
  status: number;
  contentType: string | null;
  body: T;
}

export class RestClient {
  constructor(
    readonly url: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** The same client sending HTTP Basic credentials (ENGINE_AUTH=basic). */
  as(user: string, password: string): RestClient {
    return new RestClient(this.url, {
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    });
  }

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    rawBody?: string,
  ): Promise<RestResponse<T>> {
    const res = await fetch(this.url + path, {
      method,
      headers: {
        ...this.headers,
        ...(body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    let parsed: unknown = text;
    if (contentType === 'application/json' && text) parsed = JSON.parse(text);
    return { status: res.status, contentType, body: parsed as T };
  }

  get<T = any>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}) {
    return this.call<T>('POST', path, body);
  }
  put<T = any>(path: string, body: unknown = {}) {
    return this.call<T>('PUT', path, body);
  }

  /** Multipart deployment, as the Camunda Modeler sends it. */
  async deploy(
    files: Record<string, string>,
    fields: Record<string, string> = { 'deployment-name': 'test' },
  ): Promise<RestResponse> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const [name, content] of Object.entries(files))
      form.append(name, new Blob([content], { type: 'text/xml' }), name);
    const res = await fetch(`${this.url}/deployment/create`, {
      method: 'POST',
      body: form,
      headers: this.headers,
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      body: text ? JSON.parse(text) : null,
    };
  }

  /** Asserting helper: expects a 2xx and returns the body. */
  async ok<T = any>(p: Promise<RestResponse<T>>): Promise<T> {
    const r = await p;
    if (r.status < 200 || r.status >= 300)
      throw new Error(`Expected 2xx, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  }
}

/** Minimal BPMN builder for tests: a process from a list of flow elements. */
export function bpmn(id: string, body: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Defs_${id}" targetNamespace="http://motcua.test">
  ${extra}
  <bpmn:process id="${id}" isExecutable="true">
    ${body}
  </bpmn:process>
</bpmn:definitions>`;
}

export const flow = (id: string, from: string, to: string, condition?: string) =>
  condition
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')}</bpmn:conditionExpression></bpmn:sequenceFlow>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
