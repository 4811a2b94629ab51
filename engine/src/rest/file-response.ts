import type { Context, Middleware } from 'koa';
import { safeFileName, safeMimeType } from '@motcua/db';
import type { EngineCore } from '../engine-core.js';
import { multipartParser } from './multipart.js';

/**
 * Serving and receiving stored files (File/Bytes variables, task attachments). An uploaded file
 * is not trusted: it is always served as a download (`Content-Disposition: attachment`), with
 * `X-Content-Type-Options: nosniff` and a sandboxing CSP, so a browser never renders an uploaded
 * HTML or SVG in the engine's origin. Names are reduced to a base name before they reach a header.
 */

const CHARSET = /^[A-Za-z0-9._-]{1,40}$/;

/** RFC 6266: an ASCII fallback `filename` and the exact name in `filename*` (UTF-8, percent-encoded). */
export function contentDisposition(name: string | null | undefined): string {
  const safe = safeFileName(name);
  if (!safe) return 'attachment';
  const ascii = safe.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(safe).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Sends stored bytes as a download. `mimeType` is sanitised; `encoding` becomes the charset when valid. */
export function sendFile(
  ctx: Context,
  content: Buffer,
  o: { mimeType?: string | null; encoding?: string | null; filename?: string | null },
): void {
  const charset = o.encoding && CHARSET.test(o.encoding) ? `;charset=${o.encoding}` : '';
  ctx.status = 200;
  ctx.set('Content-Type', `${safeMimeType(o.mimeType)}${charset}`);
  ctx.set('Content-Disposition', contentDisposition(o.filename));
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
  ctx.set('Cache-Control', 'no-cache');
  ctx.body = content;
}

export interface UploadedPart {
  fieldname: string;
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

/**
 * Multipart parsing for file uploads, bounded by the engine's file limit (multer's LIMIT_* errors
 * answer 400): one file part, a few small text fields.
 */
export function fileUpload(core: EngineCore): Middleware {
  // Options read on the first upload: routes are registered once without a core (restRoutes()).
  return multipartParser(() => ({
    // Browsers and fetch send UTF-8 file names without saying so; busboy would read latin1.
    defParamCharset: 'utf8',
    limits: {
      fileSize: core.store.fileLimits.maxBytes,
      files: 1,
      fields: 10,
      fieldSize: 64 * 1024,
      parts: 12,
    },
  }));
}

/** The text fields and file parts of a parsed multipart request. */
export function multipartOf(ctx: Context): { fields: Record<string, unknown>; files: UploadedPart[] } {
  const fields = (ctx.request as unknown as { body?: Record<string, unknown> }).body ?? {};
  const files = (ctx as unknown as { files?: UploadedPart[] }).files ?? [];
  return { fields, files };
}
