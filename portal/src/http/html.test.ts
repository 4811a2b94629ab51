import { describe, expect, it } from '@jest/globals';
import { escapeHtml, html, jsonForScript, lazyHtml, raw } from './html.js';

describe('html tagged template', () => {
  it('escapes interpolated text, including quotes for attributes', () => {
    const name = `<script>alert("x")</script>' & \``;
    expect(html`<p title="${name}">${name}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; &amp; &#96;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; &amp; &#96;</p>',
    );
  });

  it('keeps nested html fragments and arrays as markup, and drops null, undefined and false', () => {
    const items = ['a<b', 'Hồ sơ'].map((t) => html`<li>${t}</li>`);
    // prettier-ignore
    const out = html`<ul>${items}</ul>${null}${undefined}${false}${0}`.toString();
    expect(out).toBe('<ul><li>a&lt;b</li><li>Hồ sơ</li></ul>0');
  });

  it('does not treat look-alike objects or plain strings as safe', () => {
    const fake = { value: '<b>', toString: () => '<b>' };
    expect(html`${fake}`.toString()).toBe('&lt;b&gt;');
    expect(html`${'<i>'}`.toString()).toBe('&lt;i&gt;');
    expect(html`${raw('<i>')}`.toString()).toBe('<i>');
  });

  it('escapes text with diacritics untouched', () => {
    expect(escapeHtml('Đã trả kết quả')).toBe('Đã trả kết quả');
  });

  it('makes JSON safe inside a script element', () => {
    const out = jsonForScript({ a: '</script><script>alert(1)</script>', b: 'x\u2028y' }).toString();
    expect(out).not.toContain('<');
    expect(out).not.toContain('\u2028');
    expect(JSON.parse(out)).toEqual({ a: '</script><script>alert(1)</script>', b: 'x\u2028y' });
  });

  it('lazy markup is made once, when first rendered, and stays trusted', () => {
    let made = 0;
    const lazy = lazyHtml(() => {
      made += 1;
      return html`<link rel="modulepreload" href="/static/${'a&b.js'}" />`;
    });
    expect(made).toBe(0);
    const twice = html`${lazy}${lazy}`.toString();
    expect(twice).toBe('<link rel="modulepreload" href="/static/a&amp;b.js" />'.repeat(2));
    expect(made).toBe(1);
  });
});
