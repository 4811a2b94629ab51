import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { answerOpsRequest, isOpsPath, type OpsEndpoints } from './ops-endpoints.js';

/**
 * A node request listener that answers `/health/live`, `/health/ready` and `/metrics` itself and
 * hands every other request to `app`: in front of the app's middleware (the engine's Basic auth,
 * the portal's sessions and CSRF), so the probes need no credentials and the app's own paths stay
 * untouched. It opens nothing itself; it only writes the answer to the response it is given.
 */
export function withOpsEndpoints(app: RequestListener, ops: OpsEndpoints): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (!isOpsPath(path)) return app(req, res);
    answerOpsRequest(
      { method: req.method ?? 'GET', path, authorization: req.headers.authorization },
      ops,
    ).then(
      (answer) => {
        res.writeHead(answer!.status, answer!.headers);
        res.end(req.method === 'HEAD' ? undefined : answer!.body);
      },
      () => {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end('{"status":"error"}');
      },
    );
  };
}
