import { describe, expect, it } from '@jest/globals';
import { jsonNestingDepth, xmlRefusal } from './input-limits.js';

describe('jsonNestingDepth', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(jsonNestingDepth('{}')).toBe(1);
    expect(jsonNestingDepth('{"a":[{"b":[1]}]}')).toBe(4);
    expect(jsonNestingDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(jsonNestingDepth('{"a":"\\"[[["}')).toBe(1);
    expect(jsonNestingDepth('['.repeat(100_000) + ']'.repeat(100_000))).toBe(100_000);
  });
});

describe('xmlRefusal', () => {
  it('refuses a DOCTYPE and other markup declarations', () => {
    expect(xmlRefusal('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a/>')).toMatch(/DOCTYPE/);
    expect(xmlRefusal('<a><!ENTITY x "y"></a>')).toMatch(/declarations/);
  });

  it('measures element depth, skipping comments, CDATA, instructions and quoted ">"', () => {
    expect(xmlRefusal('<a><b><c/></b></a>', 2)).toBeNull();
    expect(xmlRefusal('<a><b><c></c></b></a>', 2)).toMatch(/deeper than 2/);
    expect(
      xmlRefusal('<a x="/>"><b y=\'>\'><!-- <c><d><e> --><![CDATA[<f><g>]]><?pi <h>?></b></a>', 2),
    ).toBeNull();
    expect(xmlRefusal('<a>'.repeat(10_000) + '</a>'.repeat(10_000))).toMatch(/deeper than 200/);
  });

  it('leaves broken documents to the parser', () => {
    expect(xmlRefusal('<a x="unterminated')).toBeNull();
    expect(xmlRefusal('not xml')).toBeNull();
  });
});
