/** The studio's calls to the portal (JSON, CSRF header); errors carry the server's Vietnamese message. */
export class StudioApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

export async function studioFetch<T>(url: string, csrf: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: {
      accept: 'application/json',
      'x-csrf-token': csrf,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    credentials: 'same-origin',
  });
  const text = await res.text();
  let json: Record<string, unknown>;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { message: 'Máy chủ trả lời không đúng định dạng.' };
  }
  if (!res.ok)
    throw new StudioApiError(
      res.status,
      typeof json.message === 'string' ? json.message : `Lỗi ${res.status}`,
      json,
    );
  return json as T;
}
