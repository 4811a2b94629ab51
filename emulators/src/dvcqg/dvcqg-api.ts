import Router from '@koa/router';
import type { Context } from 'koa';
import { DVCQG_CODES, DVCQG_MESSAGES, NO_FAULTS, type DvcqgFaults, type DvcqgState } from './dvcqg-state.js';

const MAX_BODY = 20 * 1024 * 1024;
/** Longest an answer is held by the out-of-order fault when fewer calls than asked arrive. */
const MAX_HOLD_MS = 1_500;

async function readBody(ctx: Context): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) ctx.throw(413, 'body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function jsonBody(ctx: Context): Promise<Record<string, unknown> | null> {
  try {
    const v = JSON.parse(await readBody(ctx)) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function answer(ctx: Context, code: string, extra: Record<string, unknown> = {}): void {
  ctx.status = code === DVCQG_CODES.invalidToken ? 401 : 200;
  ctx.body = { error_code: code, message: DVCQG_MESSAGES[code] ?? '', ...extra };
}

/**
 * The emulated API: OAuth2 client-credentials token, DongBoHoSoMC (create / update),
 * CapNhatTienDoHoSoMC (progress), the inbound queue and its acknowledgement, and the control
 * endpoints tests and the page use (faults, filing an inbound dossier, the state as JSON).
 */
export function dvcqgApiRouter(state: DvcqgState, prefix: string): Router {
  const router = new Router({ prefix });
  const held: Array<() => void> = [];
  let holdTimer: NodeJS.Timeout | undefined;

  const releaseHeld = () => {
    clearTimeout(holdTimer);
    holdTimer = undefined;
    // Newest first: the answers arrive in the reverse order of the calls.
    for (const release of held.splice(0).reverse()) release();
  };

  /** Applies the fault switches around one API call; false when the call was answered by a fault. */
  const withFaults = async (ctx: Context, run: () => Promise<void> | void): Promise<void> => {
    const f = state.faults;
    if (f.http500 > 0) {
      f.http500--;
      state.log({ service: ctx.path, code: null, eventKey: null, answer: 'HTTP 500' });
      ctx.status = 500;
      ctx.body = { error_code: DVCQG_CODES.systemError, message: DVCQG_MESSAGES['99'] };
      return;
    }
    await run();
    if (f.timeout > 0) {
      f.timeout--;
      // unref: a held answer never keeps a test process alive.
      await new Promise((r) => setTimeout(r, f.timeoutMs).unref());
      return;
    }
    if (f.outOfOrderAck > 0) {
      const wanted = f.outOfOrderAck;
      await new Promise<void>((resolve) => {
        held.push(resolve);
        if (held.length >= wanted) {
          f.outOfOrderAck = Math.max(0, f.outOfOrderAck - held.length);
          releaseHeld();
        } else if (!holdTimer) {
          holdTimer = setTimeout(() => {
            f.outOfOrderAck = Math.max(0, f.outOfOrderAck - held.length);
            releaseHeld();
          }, MAX_HOLD_MS).unref();
        }
      });
    }
  };

  const bearer = (ctx: Context): boolean => {
    const m = /^Bearer (.+)$/.exec(ctx.get('authorization'));
    if (m && state.tokenValid(m[1]!)) return true;
    state.log({ service: ctx.path, code: null, eventKey: null, answer: DVCQG_CODES.invalidToken });
    answer(ctx, DVCQG_CODES.invalidToken);
    return false;
  };

  router.post('/oauth2/token', async (ctx) => {
    const form = new URLSearchParams(await readBody(ctx));
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic (.+)$/.exec(ctx.get('authorization'));
    if (basic)
      [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') as [string, string];
    if (form.get('grant_type') !== 'client_credentials') {
      ctx.status = 400;
      ctx.body = { error: 'unsupported_grant_type' };
      return;
    }
    if (id !== state.client.id || secret !== state.client.secret) {
      ctx.status = 401;
      ctx.body = { error: 'invalid_client' };
      return;
    }
    const t = state.issueToken();
    ctx.set('cache-control', 'no-store');
    ctx.body = { access_token: t.token, token_type: 'Bearer', expires_in: t.expiresInS };
  });

  router.post('/api/dong-bo-ho-so', async (ctx) => {
    if (!bearer(ctx)) return;
    const body = await jsonBody(ctx);
    await withFaults(ctx, () => {
      const items = body && body.service === 'DongBoHoSoMC' && Array.isArray(body.data) ? body.data : null;
      if (!items?.length) return answer(ctx, DVCQG_CODES.invalidData);
      const isUpdating = String(body!.isUpdating).toLowerCase() === 'true';
      let code: string = DVCQG_CODES.ok;
      const twice = state.faults.doubleAnswer > 0;
      if (twice) state.faults.doubleAnswer--;
      for (const item of items as Array<Record<string, unknown>>) {
        code = state.syncDossier(item, isUpdating);
        if (twice) code = state.syncDossier(item, isUpdating);
        state.log({
          service: 'DongBoHoSoMC',
          code: String(item.MaHoSo ?? ''),
          eventKey: typeof item.MaSuKien === 'string' ? item.MaSuKien : null,
          answer: code,
        });
        if (code !== DVCQG_CODES.ok) break;
      }
      answer(ctx, code);
    });
  });

  router.post('/api/tien-do', async (ctx) => {
    if (!bearer(ctx)) return;
    const body = await jsonBody(ctx);
    await withFaults(ctx, () => {
      const items =
        body && body.service === 'CapNhatTienDoHoSoMC' && Array.isArray(body.data) ? body.data : null;
      if (!items?.length || items.length > 10) return answer(ctx, DVCQG_CODES.invalidData);
      let code: string = DVCQG_CODES.ok;
      for (const item of items as Array<Record<string, unknown>>) {
        code = state.addProgress(item);
        state.log({
          service: 'CapNhatTienDoHoSoMC',
          code: String(item.MaHoSo ?? ''),
          eventKey: typeof item.MaSuKien === 'string' ? item.MaSuKien : null,
          answer: code,
        });
        if (code !== DVCQG_CODES.ok) break;
      }
      answer(ctx, code);
    });
  });

  router.get('/api/ho-so-moi', async (ctx) => {
    if (!bearer(ctx)) return;
    await withFaults(ctx, () => {
      const waiting = state.waitingInbound();
      for (const d of waiting) d.deliveries++;
      const data = waiting.map((d) => ({
        MaHoSoQG: d.nationalCode,
        MaTTHC: d.procedureCode,
        ChuHoSo: d.applicantName,
        SoGiayToChuHoSo: d.applicantId,
        NgayNopHoSo: d.filedAt.toISOString(),
        DuLieuBieuMau: d.formData,
        TaiLieuNop: d.documents.map((x) => ({
          TenTepDinhKem: x.name,
          MaThanhPhanHoSo: x.componentCode,
          LoaiTep: x.mediaType,
          NoiDungBase64: x.contentBase64,
        })),
      }));
      const twice = state.faults.doubleAnswer > 0;
      if (twice) state.faults.doubleAnswer--;
      state.log({ service: 'LayDanhSachHoSoMoi', code: null, eventKey: null, answer: DVCQG_CODES.ok });
      answer(ctx, DVCQG_CODES.ok, { data: twice ? [...data, ...data] : data });
    });
  });

  router.post('/api/ho-so-moi/xac-nhan', async (ctx) => {
    if (!bearer(ctx)) return;
    const body = await jsonBody(ctx);
    await withFaults(ctx, () => {
      const national = typeof body?.MaHoSoQG === 'string' ? body.MaHoSoQG : '';
      const ours = typeof body?.MaHoSo === 'string' ? body.MaHoSo : '';
      if (!national || !ours) return answer(ctx, DVCQG_CODES.invalidData);
      const code = state.acknowledgeInbound(national, ours);
      state.log({ service: 'XacNhanHoSoMoi', code: national, eventKey: null, answer: code });
      answer(ctx, code);
    });
  });

  // Control endpoints: development and tests only, like the whole emulator.
  router.post('/dieu-khien/loi', async (ctx) => {
    const body = (await jsonBody(ctx)) ?? {};
    const next: DvcqgFaults = { ...NO_FAULTS };
    for (const k of Object.keys(NO_FAULTS) as Array<keyof DvcqgFaults>) {
      const v = Number(body[k] ?? NO_FAULTS[k]);
      if (!Number.isInteger(v) || v < 0 || v > 60_000) ctx.throw(400, `bad fault value: ${k}`);
      next[k] = v;
    }
    state.faults = next;
    ctx.body = state.faults;
  });

  router.post('/dieu-khien/nop-ho-so', async (ctx) => {
    const b = await jsonBody(ctx);
    if (!b || typeof b.procedureCode !== 'string' || typeof b.applicantName !== 'string') {
      ctx.status = 400;
      ctx.body = { error: 'procedureCode and applicantName are required' };
      return;
    }
    const filed = state.fileInbound({
      procedureCode: b.procedureCode,
      applicantName: b.applicantName,
      applicantId: typeof b.applicantId === 'string' ? b.applicantId : '',
      formData: b.formData && typeof b.formData === 'object' ? (b.formData as Record<string, unknown>) : {},
      documents: Array.isArray(b.documents) ? (b.documents as never) : [],
      ...(typeof b.nationalCode === 'string' ? { nationalCode: b.nationalCode } : {}),
    });
    ctx.status = 201;
    ctx.body = { nationalCode: filed.nationalCode };
  });

  router.get('/dieu-khien/trang-thai', (ctx) => {
    ctx.body = {
      dossiers: [...state.dossiers.values()],
      requests: state.requests,
      inbound: state.inbound.map(({ documents, ...d }) => ({ ...d, documents: documents.length })),
      faults: state.faults,
    };
  });

  router.post('/dieu-khien/dat-lai', (ctx) => {
    releaseHeld();
    state.reset();
    ctx.status = 204;
  });

  return router;
}
