import { describe, expect, it } from 'vitest';
import { escapeHtml, html, joinHtml, raw } from './html.js';

describe('html templates of the public pages', () => {
  const visitor = `<script>alert("x")</script> & 'quotes'`;

  it('escapes every interpolated value by default, in content and in attributes', () => {
    expect(html`<p>${visitor}</p>`.toString()).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
    expect(html`<input value="${'" onfocus="steal()'}" title='${"' x='1"}'>`.toString()).toBe(
      '<input value="&quot; onfocus=&quot;steal()" title=\'&#39; x=&#39;1\'>',
    );
    expect(escapeHtml(visitor)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;',
    );
  });

  it('inserts nested templates as HTML, escaping their own values once', () => {
    const item = (text: string) => html`<li>${text}</li>`;
    const list = html`<ul>${['a & b', '<b>'].map(item)}</ul>`;
    expect(html`<main>${list}</main>`.toString()).toBe(
      '<main><ul><li>a &amp; b</li><li>&lt;b&gt;</li></ul></main>',
    );
    expect(html`<p>${html`<em>${'1 < 2'}</em>`}</p>`.toString()).toBe('<p><em>1 &lt; 2</em></p>');
  });

  it('inserts trusted fragments unescaped only when marked with raw', () => {
    expect(html`<div>${raw('<hr>')}${'<hr>'}</div>`.toString()).toBe('<div><hr>&lt;hr&gt;</div>');
  });

  it('writes numbers, and nothing for false, null and undefined', () => {
    expect(html`<textarea rows="${3}">${false}${null}${undefined}</textarea>`.toString()).toBe(
      '<textarea rows="3"></textarea>',
    );
  });

  it('joins fragments with a separator, escaping text among them', () => {
    expect(joinHtml([html`<li>1</li>`, '<li>2</li>'], '\n').toString()).toBe(
      '<li>1</li>\n&lt;li&gt;2&lt;/li&gt;',
    );
  });
});
