/* eslint-disable @typescript-eslint/no-explicit-any -- REST bodies are JSON, asserted field by field */
/**
 * A small Camunda 7 REST client for the proof tests: it plays the portal (start, tasks, messages)
 * and the workers (fetchAndLock / complete) over HTTP, as they do in production.
 */
export class EngineRest {
  constructor(readonly url: string) {}

  async call(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(this.url + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  get = (path: string) => this.call('GET', path);
  post = (path: string, body: unknown = {}) => this.call('POST', path, body);

  /** Multipart deployment of several files, as the portal's deploy does. */
  async deploy(name: string, files: Record<string, string>): Promise<any> {
    const form = new FormData();
    form.append('deployment-name', name);
    for (const [file, content] of Object.entries(files))
      form.append(file, new Blob([content], { type: 'application/octet-stream' }), file);
    const res = await fetch(`${this.url}/deployment/create`, { method: 'POST', body: form });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`deploy ${name} → ${res.status} ${text}`);
    return JSON.parse(text);
  }
}

/** Camunda typed variables from plain values (strings, booleans, integers). */
export function typed(
  values: Record<string, string | boolean | number>,
): Record<string, { value: unknown; type: string }> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      { value: v, type: typeof v === 'string' ? 'String' : typeof v === 'boolean' ? 'Boolean' : 'Long' },
    ]),
  );
}
