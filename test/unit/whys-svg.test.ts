import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultWhyFields, type Why, type WhyAnalysis } from '../../shared/domain/whys';
import { layoutWhys } from '../../shared/layout/whys';
import { diagramPalette } from '../../shared/render/palette';
import { renderWhysSvg } from '../../shared/render/whys-svg';
import { escapeXml } from '../../shared/render/xml';
import { generatedWhys, whyAnalysisArb } from '../support/whys';

/** Checks XML well-formedness without a DOM: tags balance, attributes are quoted, text and values
 *  hold no raw `<` and only known entities, no characters XML forbids. Returns the first problem. */
function xmlProblem(xml: string): string | null {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml)) return 'forbidden control character';
  const entities = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  const stack: string[] = [];
  let roots = 0;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < xml.length) {
    token.lastIndex = at;
    m = token.exec(xml);
    if (!m) return `unexpected markup at ${at}: ${xml.slice(at, at + 40)}`;
    at = token.lastIndex;
    const [, close, name, attrs, selfClosing, text] = m;
    if (text !== undefined) {
      if (stack.length === 0) return 'text outside the root element';
      if (entities.test(text)) return `bad entity in text: ${text.slice(0, 40)}`;
      continue;
    }
    if (attrs && entities.test(attrs)) return `bad entity in attributes of <${name}>`;
    const names = [...(attrs ?? '').matchAll(/([\w:.-]+)="/g)].map((a) => a[1]);
    if (new Set(names).size !== names.length) return `repeated attribute on <${name}>`;
    if (close) {
      if (stack.pop() !== name) return `</${name}> closes the wrong element`;
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) return 'element outside the root';
  }
  if (stack.length) return `unclosed <${stack.at(-1)}>`;
  if (roots !== 1) return `${roots} root elements`;
  return null;
}

/** The text drawn, as a reader (or a search) sees it: tspans unescaped and joined by spaces. */
function drawnText(svg: string): string {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => unescape(m[1]!)).join(' ');
}

let n = 0;
const why = (answer: string, children: Why[] = [], extra: Partial<Why> = {}): Why => ({
  ...defaultWhyFields(answer),
  id: `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`,
  children,
  ...extra,
});

function sample(): WhyAnalysis {
  return {
    id: 'aaaaaaaa-0000-4000-8000-000000000001',
    startCauseId: null,
    question: '',
    direction: 'LR',
    whys: [
      why('Refunds needed three signatures', [why('Policy written after the 2019 fraud', [], { isRootCause: true, stopReason: 'controllable' })], { status: 'verified' }),
      why('客服新人未受培训', [why('入职培训被取消')]),
      why('Courier lost the parcels', [], { status: 'ruled_out' }),
    ],
  };
}

describe('5 Whys SVG', () => {
  it('(the well-formedness check itself rejects broken documents)', () => {
    expect(xmlProblem('<svg><text x="1">a &amp; b</text><rect/></svg>')).toBeNull();
    for (const bad of ['<svg><text>a < b</text></svg>', '<svg><text>a & b</text></svg>', '<svg><g></svg>', '<svg></svg><svg></svg>', '<svg x=1></svg>', '<svg x="1" x="2"></svg>', '<svg><text>\u0001</text></svg>', 'x<svg></svg>']) {
      expect(xmlProblem(bad), bad).not.toBeNull();
    }
  });

  it('is a well-formed SVG document with a title, the size of the layout', () => {
    const a = sample();
    const layout = layoutWhys(a, 'Why were refunds late?');
    const svg = renderWhysSvg(a, layout, { title: 'Case 12 · 退款延误' });
    expect(xmlProblem(svg)).toBeNull();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain(`width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}"`);
    expect(svg).toContain('aria-labelledby="whys-title"');
    expect(svg).toContain('<title id="whys-title">Case 12 · 退款延误</title>');
    expect(renderWhysSvg(a, layout)).not.toContain('<title');
    expect(svg.match(/<path /g)).toHaveLength(layout.edges.length);
  });

  it('escapes markup, ampersands and quotes in answers, the question and the title', () => {
    const evil = `<script>alert("x")</script> & 'quoted' "double"`;
    const a = sample();
    a.whys[0]!.answer = evil;
    a.whys[1]!.children[0]!.answer = 'A & B <b>bold</b>';
    const svg = renderWhysSvg(a, layoutWhys(a, `Why <img src=x onerror="alert(1)"> & co?`), { title: `</title><script>x</script> & "t"` });
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).not.toMatch(/<script|<img|<b>|<\/title><script/);
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(svg).toContain('&#39;quoted&#39; &quot;double&quot;');
    expect(drawnText(svg)).toContain(evil.split("'")[0]!.trim());
    expect(svg).toContain('Why &lt;img src=x');
    expect(svg).toContain('&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; &amp; &quot;t&quot;');
    expect(drawnText(svg)).toContain('A & B <b>bold</b>');
  });

  it('draws every visible answer’s words and the question, and nothing hidden', () => {
    const a = sample();
    const svg = renderWhysSvg(a, layoutWhys(a, 'Why were refunds late?'));
    const text = drawnText(svg);
    for (const word of ['Why', 'refunds', 'late?', 'Refunds', 'three', 'signatures', 'Policy', '2019', 'fraud', 'Courier', 'parcels']) expect(text).toContain(word);
    expect(text.replace(/ /g, '')).toContain('客服新人未受培训');
    expect(text.replace(/ /g, '')).toContain('入职培训被取消');
    a.whys[1]!.collapsed = true;
    const folded = renderWhysSvg(a, layoutWhys(a, 'Q'));
    expect(drawnText(folded)).not.toContain('入职');
    expect(folded).toContain('>…1</text>');
  });

  it('styles by status: verified with a green bar, ruled out struck through and muted, root causes bold red in a frame', () => {
    const p = diagramPalette('light');
    const a = sample();
    const layout = layoutWhys(a, 'Q');
    const svg = renderWhysSvg(a, layout);
    const group = (id: string) => {
      // The markup of one node: from its box to the next node's box.
      const node = layout.nodes.find((x) => x.id === id)!;
      const start = svg.indexOf(`<rect x="${node.x}" y="${node.y}"`);
      expect(start).toBeGreaterThan(0);
      const next = svg.slice(start + 1).search(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" rx=/);
      return next < 0 ? svg.slice(start) : svg.slice(start, start + 1 + next);
    };
    const verified = group(a.whys[0]!.id);
    expect(verified).toContain(`width="4" height="${layout.nodes.find((x) => x.id === a.whys[0]!.id)!.height}" fill="${p.confirmed}"`);
    expect(verified).not.toContain('line-through');
    const ruledOut = group(a.whys[2]!.id);
    expect(ruledOut).toContain('text-decoration="line-through"');
    expect(ruledOut).toContain(`fill="${p.muted}"`);
    expect(ruledOut).not.toContain(p.confirmed);
    const root = group(a.whys[0]!.children[0]!.id);
    expect(root).toContain(`stroke="${p.root}" stroke-width="2"`);
    expect(root).toMatch(new RegExp(`<text [^>]*fill="${p.root}" font-weight="700"`));
    expect(root).toContain('<circle');
    const plain = group(a.whys[1]!.id);
    expect(plain).toMatch(new RegExp(`<text [^>]*fill="${p.text}">`));
    expect(plain).not.toMatch(/font-weight|line-through|<circle/);
    const question = svg.slice(svg.indexOf('<rect x='), svg.indexOf('</text>', svg.indexOf('<rect x=')));
    expect(question).toContain(`fill="${p.headFill}"`);
    expect(question).toContain(`fill="${p.headText}"`);
  });

  it('follows the theme', () => {
    const a = sample();
    const layout = layoutWhys(a, 'Q');
    expect(renderWhysSvg(a, layout, { theme: 'dark' })).toContain(`<rect width="100%" height="100%" fill="${diagramPalette('dark').background}"/>`);
    expect(renderWhysSvg(a, layout)).toContain(`<rect width="100%" height="100%" fill="${diagramPalette('light').background}"/>`);
  });

  it('is well-formed and draws every line of every box, for any tree (property)', () => {
    fc.assert(
      fc.property(whyAnalysisArb(6), fc.string({ maxLength: 30 }), fc.constantFrom('light' as const, 'dark' as const), (a, title, theme) => {
        const layout = layoutWhys(a, a.question);
        const svg = renderWhysSvg(a, layout, { title, theme });
        expect(xmlProblem(svg)).toBeNull();
        for (const node of layout.nodes) for (const line of node.lines) expect(svg).toContain(`>${escapeXml(line)}</tspan>`);
      }),
      { numRuns: 120 },
    );
  });

  // Its speed is measured by the benchmark (test/bench/whys-layout.bench.ts), not here.
  it('renders 200 whys as a well-formed document', () => {
    const a = generatedWhys(200, { seed: 4 });
    const layout = layoutWhys(a, a.question);
    const svg = renderWhysSvg(a, layout);
    expect(xmlProblem(svg)).toBeNull();
  });
});
