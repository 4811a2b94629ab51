import multer from '@koa/multer';
import type { Middleware } from 'koa';
import { UserInputError } from '@motcua/domain';
import type { PortalState } from '../http/state.js';
import { formatBytesVi, type UploadLimits } from './upload-check.js';

/** Room for the multipart framing and the small fields around one file. */
const FRAMING_BYTES = 64 * 1024;

/** A body larger than the limits allow: refused before (or while) it is read. */
export class UploadTooLargeError extends UserInputError {
  constructor(maxFileBytes: number) {
    super(
      `Tệp quá lớn. Mỗi tệp tối đa ${formatBytesVi(maxFileBytes)}; vui lòng quét/chụp với độ phân giải thấp hơn hoặc chia nhỏ tệp.`,
    );
  }
}

/**
 * Multipart parsing of one upload (`file` plus a few short fields) with @koa/multer, in memory and
 * bounded: a request whose Content-Length already exceeds the limit is refused before a byte of
 * its body is read; otherwise multer stops storing at `maxFileBytes` (the rest of the body is
 * drained, never kept) and the request is refused. Field and part counts are capped too.
 * Runs after the CSRF check (the token travels in the X-CSRF-Token header).
 */
export function uploadParser(limits: UploadLimits): Middleware<PortalState> {
  const options = {
    storage: multer.memoryStorage(),
    // Vietnamese file names arrive as UTF-8 (multer 2 supports it; its types do not list it yet).
    defParamCharset: 'utf8',
    limits: { fileSize: limits.maxFileBytes, files: 1, fields: 4, fieldSize: 256, parts: 5, headerPairs: 40 },
  };
  const single = multer(options as multer.Options).single('file');
  return async (ctx, next) => {
    const declared = Number(ctx.get('content-length') || 0);
    if (declared > limits.maxFileBytes + FRAMING_BYTES) throw new UploadTooLargeError(limits.maxFileBytes);
    if (!ctx.is('multipart/form-data')) throw new UserInputError('Yêu cầu tải tệp không hợp lệ.');
    try {
      await single(ctx as never, async () => {});
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'LIMIT_FILE_SIZE') throw new UploadTooLargeError(limits.maxFileBytes);
      throw new UserInputError('Yêu cầu tải tệp không hợp lệ (quá nhiều trường hoặc tệp).');
    }
    await next();
  };
}
