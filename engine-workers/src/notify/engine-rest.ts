/** A GET on the engine's Camunda 7 REST API (the workers reach the engine only over REST). */
export interface EngineRest {
  url: string;
  auth?: { user: string; password: string };
}

export async function engineGet<T>(
  engine: EngineRest,
  path: string,
  query: Record<string, string> = {},
): Promise<T> {
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${engine.url.replace(/\/+$/, '')}${path}${qs ? `?${qs}` : ''}`, {
    headers: {
      accept: 'application/json',
      ...(engine.auth
        ? {
            authorization: `Basic ${Buffer.from(`${engine.auth.user}:${engine.auth.password}`).toString('base64')}`,
          }
        : {}),
    },
    signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return (await res.json()) as T;
}
