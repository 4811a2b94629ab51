import { describe, expect, it } from '@jest/globals';
import { decodeEngineError, EngineError } from './engine-error.js';

const request = { method: 'POST', path: '/message' };

describe('decodeEngineError', () => {
  it('reads Camunda’s {type, message, code} into a typed error naming the request', () => {
    const body = JSON.stringify({
      type: 'RestException',
      message: 'Cannot correlate message: no process waits',
      code: 22_222,
    });
    const err = decodeEngineError(request, 400, body);
    expect(err).toBeInstanceOf(EngineError);
    expect(err).toMatchObject({
      name: 'EngineError',
      status: 400,
      type: 'RestException',
      code: 22_222,
      engineMessage: 'Cannot correlate message: no process waits',
      message: 'POST /message → 400 RestException: Cannot correlate message: no process waits',
    });
    expect(err.is(400, 'RestException')).toBe(true);
    expect(err.is(400, 'InvalidRequestException')).toBe(false);
    expect(err.is(404)).toBe(false);
  });

  it('has no code when the engine sent none, or sent null', () => {
    expect(
      decodeEngineError(request, 404, '{"type":"InvalidRequestException","message":"x"}').code,
    ).toBeNull();
    expect(decodeEngineError(request, 404, '{"type":"X","message":"x","code":null}').code).toBeNull();
  });

  it('keeps a body that is not Camunda JSON as the message, typed HttpError, cut at 500 characters', () => {
    const html = `<html>${'x'.repeat(600)}</html>`;
    const err = decodeEngineError({ method: 'GET', path: '/task' }, 502, html);
    expect(err.type).toBe('HttpError');
    expect(err.status).toBe(502);
    expect(err.engineMessage).toHaveLength(500);
    expect(err.message.startsWith('GET /task → 502 HttpError: <html>xxx')).toBe(true);
    expect(decodeEngineError(request, 500, '').message).toBe('POST /message → 500 HttpError: ');
    expect(decodeEngineError(request, 500, 'null').type).toBe('HttpError');
    expect(decodeEngineError(request, 500, '{"message":42}').message).toBe(
      'POST /message → 500 HttpError: {"message":42}',
    );
  });
});
