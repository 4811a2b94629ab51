import type { Middleware } from 'koa';
import { isMotcuaError, type Logger } from '@motcua/domain';
import { EngineError } from '../engine/engine-client.js';
import { SubmissionInvalidError, SubmissionNotStartedError } from '../dossiers/dossier-service.js';
import { errorPage } from '../views/layout.js';
import { pageContext, wantsJson, type PortalState } from './state.js';

interface Mapped {
  status: number;
  titleVi: string;
  messageVi: string;
  messageEn: string;
}

const ENGINE_DOWN: Mapped = {
  status: 503,
  titleVi: 'Hệ thống tạm thời gián đoạn',
  messageVi: 'Hệ thống xử lý hồ sơ đang tạm thời không phản hồi. Vui lòng thử lại sau ít phút.',
  messageEn: 'The case processing system is temporarily unavailable. Please try again in a few minutes.',
};

const NOT_FOUND: Mapped = {
  status: 404,
  titleVi: 'Không tìm thấy',
  messageVi: 'Không tìm thấy trang hoặc hồ sơ bạn yêu cầu.',
  messageEn: 'Not found.',
};

function map(err: unknown): Mapped {
  if (err instanceof SubmissionNotStartedError) {
    return {
      ...ENGINE_DOWN,
      messageVi:
        'Hệ thống xử lý hồ sơ đang tạm thời không phản hồi. Hồ sơ của bạn CHƯA được nộp; vui lòng thử lại sau ít phút.',
      messageEn:
        'The case processing system did not respond. Your dossier has NOT been submitted; please try again.',
    };
  }
  if (isMotcuaError(err)) {
    switch (err.kind) {
      case 'user':
        return {
          status: 400,
          titleVi: 'Yêu cầu không hợp lệ',
          messageVi: err.message,
          messageEn: 'The request is not valid.',
        };
      case 'not-found':
        return NOT_FOUND;
      case 'forbidden':
        return {
          status: 403,
          titleVi: 'Không có quyền truy cập',
          messageVi: err.message || 'Bạn không có quyền thực hiện thao tác này.',
          messageEn: 'Access denied.',
        };
      case 'conflict':
        return {
          status: 409,
          titleVi: 'Không thực hiện được',
          messageVi: err.message,
          messageEn: 'Conflict with the current state.',
        };
      case 'unauthenticated':
        return {
          status: 401,
          titleVi: 'Cần đăng nhập',
          messageVi: 'Vui lòng đăng nhập để tiếp tục.',
          messageEn: 'Please sign in.',
        };
      case 'operational':
        return ENGINE_DOWN;
      default:
        break;
    }
  }
  if (err instanceof EngineError) {
    if (err.status === 404) return NOT_FOUND;
    if (err.status >= 500) return ENGINE_DOWN;
    return {
      status: 409,
      titleVi: 'Không thực hiện được',
      messageVi:
        'Hệ thống xử lý hồ sơ từ chối thao tác này (có thể công việc đã thay đổi). Vui lòng tải lại trang.',
      messageEn: 'The engine refused the action.',
    };
  }
  const status = (err as { status?: number })?.status;
  if (status && status >= 400 && status < 500) {
    return {
      status,
      titleVi: 'Yêu cầu không hợp lệ',
      messageVi: 'Yêu cầu không hợp lệ.',
      messageEn: 'Bad request.',
    };
  }
  return {
    status: 500,
    titleVi: 'Đã có lỗi xảy ra',
    messageVi: 'Đã có lỗi ngoài dự kiến. Vui lòng thử lại sau.',
    messageEn: 'Unexpected error.',
  };
}

/** The one error middleware: maps every error to a Vietnamese page or a JSON body. */
export function errorHandler(logger: Logger): Middleware<PortalState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        const m = NOT_FOUND;
        ctx.status = 404;
        if (wantsJson(ctx)) ctx.body = { message: m.messageVi };
        else ctx.body = errorPage(pageContext(ctx), 404, m.titleVi, m.messageVi, m.messageEn).toString();
      }
    } catch (err) {
      const m = map(err);
      if (m.status >= 500)
        logger.error({ err, requestId: ctx.state.requestId, path: ctx.path }, 'request failed');
      if (m.status === 401 && !wantsJson(ctx) && ctx.method === 'GET') {
        ctx.redirect(`/dang-nhap?next=${encodeURIComponent(ctx.originalUrl)}`);
        return;
      }
      ctx.status = m.status;
      if (wantsJson(ctx)) {
        ctx.body =
          err instanceof SubmissionInvalidError
            ? { message: m.messageVi, errors: err.fieldErrors }
            : { message: m.messageVi };
      } else {
        ctx.type = 'html';
        ctx.body = errorPage(pageContext(ctx), m.status, m.titleVi, m.messageVi, m.messageEn).toString();
      }
    }
  };
}
