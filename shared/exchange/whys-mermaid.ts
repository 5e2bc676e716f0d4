import type { Why, WhyAnalysis } from '../domain/whys';

/**
 * A 5-Whys tree as a Mermaid `flowchart`, for people who put the tree into their own slides or
 * wiki. Pure. Export only: Mermaid has no 5-Whys diagram, so there is nothing to read back.
 *
 * The question is the first node, each answer a node joined to what it answers, in reading order
 * (`q`, `w1`, `w2` …), every why written whether collapsed or not. Root causes are drawn bold
 * in a red frame, ruled-out answers dashed and grey, like the app draws them.
 *
 * Every label is a quoted string whose risky characters are Mermaid entity codes (`#quot;`,
 * `#35;` …): quotes, `#`, `&`, `<`, `>`, backticks (which would start a Markdown string), `;`
 * and `%` (Mermaid's preprocessing reads `%%{…}%%` directives anywhere in the text), braces and
 * brackets, and the first letter of `style` and `classDef` (whose lines Mermaid rewrites before
 * parsing); line breaks become `<br>`. So no answer can end its label,
 * add a node or a link, or inject a directive or a style.
 */
export function whysToMermaid(analysis: WhyAnalysis, question: string): string {
  const lines = [`flowchart ${analysis.direction === 'TB' ? 'TB' : 'LR'}`, `    q["${label(question) || '?'}"]`];
  const roots: string[] = [];
  const ruledOut: string[] = [];
  let n = 0;
  const stack: Array<{ why: Why; parent: string }> = [];
  const pushAll = (list: readonly Why[], parent: string) => {
    for (let i = list.length - 1; i >= 0; i--) stack.push({ why: list[i]!, parent });
  };
  pushAll(analysis.whys, 'q');
  while (stack.length) {
    const { why, parent } = stack.pop()!;
    const id = `w${++n}`;
    lines.push(`    ${id}["${label(why.answer) || '?'}"]`, `    ${parent} --> ${id}`);
    if (why.isRootCause) roots.push(id);
    else if (why.status === 'ruled_out') ruledOut.push(id);
    pushAll(why.children, id);
  }
  lines.push('    classDef question fill:#243447,color:#ffffff,stroke:#243447', '    class q question');
  if (roots.length) lines.push('    classDef root stroke:#c0392b,stroke-width:2px,color:#c0392b,font-weight:bold', `    class ${roots.join(',')} root`);
  if (ruledOut.length) lines.push('    classDef ruledOut stroke:#8a94a0,stroke-dasharray:4 3,color:#8a94a0', `    class ${ruledOut.join(',')} ruledOut`);
  return lines.join('\n') + '\n';
}

const RISKY = /["#&<>`;%{}[\]|\\\u00a0]/g;

/** One text as the inside of a quoted Mermaid label. */
function label(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .trim()
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(RISKY, (ch) => `#${ch.codePointAt(0)};`)
    // Mermaid drops the last `;` of a line with `style…:…#…;` or `classDef…` before parsing.
    .replace(/style/g, '#115;tyle')
    .replace(/classDef/g, '#99;lassDef')
    .replace(/\s*\n\s*/g, '<br>')
    .replace(/[\u2028\u2029]/g, '<br>');
}
