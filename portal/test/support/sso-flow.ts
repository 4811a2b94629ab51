/**
 * Drives a sign-in through the embedded identity provider over real HTTP with the cookie-jar
 * client: the portal's 302, the provider's login and consent pages, up to the callback URL.
 */
import { PortalClient, type HttpResult } from './http-client.js';

/** Follows same-origin redirects from `path` until a page answers or `stopAt` matches the next location. */
export async function follow(
  client: PortalClient,
  path: string,
  stopAt?: (location: string) => boolean,
): Promise<{ res: HttpResult; location: string | null; path: string }> {
  let current = path;
  for (let hops = 0; hops < 15; hops++) {
    const res = await client.get(current);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { res, location: null, path: current };
    const url = new URL(location, client.baseUrl);
    const next = url.pathname + url.search;
    if (stopAt?.(next) || url.origin !== new URL(client.baseUrl).origin)
      return { res, location: next, path: current };
    current = next;
  }
  throw new Error(`too many redirects from ${path}`);
}

const isCallback = (p: string) => /^\/dang-nhap\/oidc(\/can-bo)?\/callback\?/.test(p);

/**
 * From the portal's sign-in door to the callback URL the provider sends back (not followed):
 * logs in at the provider when it asks, consents when it asks.
 */
export async function idpRoundTrip(
  client: PortalClient,
  o: { start: string; username: string; password: string },
): Promise<string> {
  let step = await follow(client, o.start, isCallback);
  for (let i = 0; i < 4 && !(step.location && isCallback(step.location)); i++) {
    const page = step.res.text;
    const uid = /\/oidc\/interaction\/([\w-]+)\/(dang-nhap|dong-y)/.exec(page);
    if (!uid)
      throw new Error(`no interaction form at ${step.path}: ${step.res.status} ${page.slice(0, 300)}`);
    const action = `/oidc/interaction/${uid[1]}/${uid[2]}`;
    const csrf = PortalClient.csrfIn(page.slice(page.indexOf(action)));
    const fields: Record<string, string> =
      uid[2] === 'dang-nhap' ? { _csrf: csrf, username: o.username, password: o.password } : { _csrf: csrf };
    const posted = await client.postForm(action, fields);
    const location = posted.headers.get('location');
    if (!location)
      throw new Error(`interaction ${uid[2]} answered ${posted.status}: ${posted.text.slice(0, 300)}`);
    const url = new URL(location, client.baseUrl);
    step = await follow(client, url.pathname + url.search, isCallback);
  }
  if (!step.location || !isCallback(step.location))
    throw new Error('the provider never sent the browser back');
  return step.location;
}
