import { describe, expect, it } from '@jest/globals';
import { guardXml, MAX_DMN_BYTES } from './file-limits.js';

describe('guardXml', () => {
  it('accepts a plain DMN or BPMN file', () => {
    expect(() =>
      guardXml('<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"/>', 'DMN', MAX_DMN_BYTES),
    ).not.toThrow();
  });
  it('refuses a DOCTYPE or an entity, in Vietnamese', () => {
    expect(() =>
      guardXml('<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d/>', 'DMN', MAX_DMN_BYTES),
    ).toThrow('Tệp DMN có khai báo DOCTYPE/ENTITY, không được chấp nhận vì lý do an toàn.');
    expect(() => guardXml('<d><!ENTITY x "y"></d>', 'BPMN', MAX_DMN_BYTES)).toThrow(/DOCTYPE\/ENTITY/);
  });
  it('refuses a file over the limit, saying nothing was lost', () => {
    expect(() => guardXml(`<d>${'x'.repeat(2048)}</d>`, 'BPMN', 1024)).toThrow(
      /quá lớn \(tối đa 1 KB\).*bản nháp vẫn giữ nguyên/,
    );
  });
});
