import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { jsonLogOptions } from '@motcua/domain';

/** The entry points' pino options, writing into a string. */
function capture(level = 'info') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino(jsonLogOptions('motcua-engine', level), stream), lines };
}

describe('JSON logs of the entry points', () => {
  it('writes one JSON object per line with an ISO time, the level as a word and the service name', () => {
    const { logger, lines } = capture();
    logger.info({ requestId: 'r-1', processInstanceId: 'pi-1' }, 'engine REST listening');
    logger.debug('not at info');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: 'info',
      name: 'motcua-engine',
      requestId: 'r-1',
      processInstanceId: 'pi-1',
      msg: 'engine REST listening',
    });
    expect(new Date(entry['time'] as string).toISOString()).toBe(entry['time']);
  });

  it('cuts passwords, tokens and authorization headers out wherever a component puts them', () => {
    const { logger, lines } = capture();
    logger.warn(
      {
        password: 'mat-khau-bi-mat',
        engineAuth: { user: 'motcua-engine', password: 'mat-khau-engine' },
        headers: { authorization: 'Basic bW90Y3VhOnNlY3JldA==', cookie: 'motcua_session=abc' },
        nationalPortal: { clientSecret: 'dvcqg-secret' },
        signing: { pin: '123456' },
      },
      'calling out',
    );
    const text = lines.join('\n');
    for (const secret of [
      'mat-khau-bi-mat',
      'mat-khau-engine',
      'bW90Y3Vh',
      'motcua_session=abc',
      'dvcqg-secret',
      '123456',
    ])
      expect(text).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      engineAuth: { user: 'motcua-engine', password: '[redacted]' },
    });
  });
});
