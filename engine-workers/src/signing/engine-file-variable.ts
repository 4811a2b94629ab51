import type { EngineAuth } from '../config.js';

export interface FileVariableUpload {
  engineUrl: string;
  engineAuth?: EngineAuth;
  processInstanceId: string;
  name: string;
  content: Uint8Array;
  filename: string;
  mimeType: string;
}

/**
 * Sets a File variable of a process instance through the Camunda 7 REST API
 * (`POST /process-instance/{id}/variables/{name}/data`, multipart `data` + `valueType=File`), so
 * the engine keeps the bytes in its own file storage, on our engine and on Operaton alike.
 * Setting it again with the same bytes is harmless: a redelivered task may do so.
 */
export async function putFileVariable(u: FileVariableUpload): Promise<void> {
  const form = new FormData();
  form.append('data', new Blob([u.content], { type: u.mimeType }), u.filename);
  form.append('valueType', 'File');
  const path = `/process-instance/${encodeURIComponent(u.processInstanceId)}/variables/${encodeURIComponent(u.name)}/data`;
  const auth = u.engineAuth;
  const res = await fetch(`${u.engineUrl}${path}`, {
    method: 'POST',
    body: form,
    headers: auth
      ? { authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` }
      : {},
  });
  if (res.status !== 204) {
    const body = (await res.text()).slice(0, 300);
    throw new Error(`POST ${path} answered ${res.status}: ${body}`);
  }
}
