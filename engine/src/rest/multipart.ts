import type { Middleware } from 'koa';
import { parsingMultipart } from './http.js';

/** multer's options for one upload route: its limits (in memory always). */
export interface MultipartOptions {
  limits: { fileSize: number; files: number; fields: number; fieldSize: number; parts: number };
  /** The charset of file names in Content-Disposition parameters (busboy reads latin1 otherwise). */
  defParamCharset?: string;
}

/**
 * A multipart parser (multer's `.any()`, files kept in memory) for the upload routes, loaded and
 * built on the first upload rather than at engine start: multer and busboy would otherwise sit in
 * every engine process's memory for the few requests that upload (bench/RESULTS.md, memory).
 * `options` is read then, so it may depend on what is known only once the engine runs. Malformed
 * bodies and multer's LIMIT_* errors answer 400 (parsingMultipart).
 */
export function multipartParser(options: () => MultipartOptions): Middleware {
  let parser: Promise<Middleware> | null = null;
  return async (ctx, next) => {
    parser ??= import('@koa/multer').then(
      ({ default: multer }) =>
        // multer 2 has defParamCharset, @koa/multer's types not
        multer({ storage: multer.memoryStorage(), ...options() } as Parameters<
          typeof multer
        >[0]).any() as unknown as Middleware,
    );
    return parsingMultipart(await parser)(ctx, next);
  };
}
