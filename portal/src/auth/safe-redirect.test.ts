import { describe, expect, it } from '@jest/globals';
import { safeNext } from './safe-redirect.js';

describe('safeNext', () => {
  it.each([
    ['/ho-so-cua-toi', '/ho-so-cua-toi'],
    ['/can-bo/cong-viec?xong=1', '/can-bo/cong-viec?xong=1'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['', '/'],
    [undefined, '/'],
  ])('%j → %s', (next, expected) => expect(safeNext(next, '/')).toBe(expected));
});
