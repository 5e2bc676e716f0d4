import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWhys, defaultWhyFields, type Why, type WhyAnalysis } from '../../shared/domain/whys';
import { whysToMermaid } from '../../shared/exchange/whys-mermaid';
import { PAYLOADS } from '../support/report-fixtures';
import { whyAnalysisArb } from '../support/whys';

const why = (id: string, answer: string, fields: Partial<Why> = {}, children: Why[] = []): Why => ({ ...defaultWhyFields(answer), id, ...fields, children });

const analysis = (whys: Why[], direction: 'LR' | 'TB' = 'LR'): WhyAnalysis => ({ id: 'a', startCauseId: null, question: '', direction, whys });

/** Node lines (`id["label"]`) and link lines (`a --> b`) of the flowchart. */
function parse(text: string) {
  const nodes = new Map<string, string>();
  const links: Array<[string, string]> = [];
  const lines = text.trimEnd().split('\n');
  for (const line of lines.slice(1)) {
    const node = /^ {4}(\w+)\["([^"]*)"\]$/.exec(line);
    const link = /^ {4}(\w+) --> (\w+)$/.exec(line);
    const style = /^ {4}(classDef|class) /.exec(line);
    if (node) nodes.set(node[1]!, node[2]!);
    else if (link) links.push([link[1]!, link[2]!]);
    else if (!style) throw new Error(`Unexpected line: ${line}`);
  }
  return { header: lines[0], nodes, links };
}

const decode = (label: string) => label.replace(/<br>/g, '\n').replace(/#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));

describe('whysToMermaid', () => {
  it('writes the question and every why, linked to what it answers, in reading order', () => {
    const tree = analysis(
      [why('1', 'Short of staff', { isRootCause: false }, [why('2', 'Rota made for normal weeks', { isRootCause: true, stopReason: 'controllable' }), why('3', 'Pickers careless', { status: 'ruled_out' })]), why('4', 'Courier lost parcels', { collapsed: true }, [why('5', 'No scanning')])],
      'TB',
    );
    const text = whysToMermaid(tree, 'Why were deliveries late?');
    expect(text).toBe(
      [
        'flowchart TB',
        '    q["Why were deliveries late?"]',
        '    w1["Short of staff"]',
        '    q --> w1',
        '    w2["Rota made for normal weeks"]',
        '    w1 --> w2',
        '    w3["Pickers careless"]',
        '    w1 --> w3',
        '    w4["Courier lost parcels"]',
        '    q --> w4',
        '    w5["No scanning"]',
        '    w4 --> w5',
        '    classDef question fill:#243447,color:#ffffff,stroke:#243447',
        '    class q question',
        '    classDef root stroke:#c0392b,stroke-width:2px,color:#c0392b,font-weight:bold',
        '    class w2 root',
        '    classDef ruledOut stroke:#8a94a0,stroke-dasharray:4 3,color:#8a94a0',
        '    class w3 ruledOut',
        '',
      ].join('\n'),
    );
  });

  it('keeps every payload inside its label: quotes, markup, directives, links and styles are entity codes', () => {
    const payloads = [...PAYLOADS, '"] --> evil["x', '%%{init: {"theme":"dark"}}%%', 'style q fill:#f00;', 'a --> b', 'click q "javascript:alert(1)"', 'x"];\nclick q call alert(1)'];
    const tree = analysis(payloads.map((p, i) => why(String(i), p)));
    const text = whysToMermaid(tree, '<b>"q"</b>');
    const { nodes, links } = parse(text);
    expect(nodes.size).toBe(payloads.length + 1);
    expect(links).toHaveLength(payloads.length);
    expect(text).not.toMatch(/%%|<script|<img|javascript:alert\(1\)"|style q/);
    // Read back as Mermaid shows it (entity codes and <br>), each label is its text again.
    expect(decode(nodes.get('q')!)).toBe('<b>"q"</b>');
    // (White space around a line break goes, as the layout draws it.)
    payloads.forEach((p, i) => expect(decode(nodes.get(`w${i + 1}`)!)).toBe(p.trim().replace(/\s*\n\s*/g, '\n')));
  });

  it('has one node per why and one link per why, for any tree', () => {
    fc.assert(
      fc.property(whyAnalysisArb(6), (a) => {
        const { nodes, links, header } = parse(whysToMermaid(a, a.question));
        expect(header).toBe(`flowchart ${a.direction}`);
        expect(nodes.size).toBe(countWhys(a.whys) + 1);
        expect(links).toHaveLength(countWhys(a.whys));
      }),
      { numRuns: 60 },
    );
  });
});
