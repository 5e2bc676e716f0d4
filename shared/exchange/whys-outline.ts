import type { StopReason, Why, WhyAnalysis, WhyStatus } from '../domain/whys';

/** A 5-Whys analysis as an indented plain-text outline, for pasting into a report, a mail or a
 *  ticket:
 *
 *    Why did the deliveries run late?
 *      1. Because the warehouse was short of staff [Verified]
 *         1.1. Because the rota was made for normal weeks [Root cause: We can control and fix it]
 *      2. Because the courier lost parcels [Ruled out]
 *
 *  Every why is written, collapsed or not. A number is its place in the tree (1.2.1 is the first
 *  answer to the second answer to the first answer); an answer's further lines line up under its
 *  first. Hypotheses, the default, carry no mark. The words come from the caller, translated. */

export interface WhyOutlineLabels {
  status: Record<WhyStatus, string>;
  stopReason: Record<StopReason, string>;
  rootCause: string;
  /** The first line, from the question's text; the text as it is when absent. */
  question?: (text: string) => string;
  /** When given, an answer's evidence follows it, introduced by this word. */
  evidence?: string;
  /** Between a label and its value ("Root cause: …"); a full-width colon when the root-cause
   *  label is Chinese or Japanese, ": " otherwise. */
  colon?: string;
}

const CJK = /[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

export function whysToOutline(analysis: WhyAnalysis, question: string, labels: WhyOutlineLabels): string {
  const colon = labels.colon ?? (CJK.test(labels.rootCause) ? '：' : ': ');
  const out: string[] = [];
  const heading = labels.question ? labels.question(question) : question;
  for (const line of lines(heading)) out.push(line);

  const visit = (list: readonly Why[], prefix: string, indent: string) => {
    list.forEach((why, i) => {
      const number = `${prefix}${i + 1}.`;
      const lead = `${indent}${number} `;
      const under = ' '.repeat(lead.length);
      const marks: string[] = [];
      if (why.status !== 'hypothesis') marks.push(`[${labels.status[why.status]}]`);
      if (why.isRootCause) marks.push(`[${labels.rootCause}${why.stopReason ? colon + labels.stopReason[why.stopReason] : ''}]`);
      const text = lines(why.answer);
      if (text.length === 0) text.push('');
      if (marks.length) text[text.length - 1] = `${text[text.length - 1]} ${marks.join(' ')}`.trimStart();
      text.forEach((line, j) => out.push(`${j === 0 ? lead : under}${line}`.trimEnd()));
      if (labels.evidence) {
        const evidence = lines(why.evidence);
        evidence.forEach((line, j) => out.push(`${under}${j === 0 ? labels.evidence + colon : ' '.repeat(width(labels.evidence! + colon))}${line}`));
      }
      visit(why.children, `${prefix}${i + 1}.`, under);
    });
  };
  visit(analysis.whys, '', '  ');
  return out.map((l) => `${l}\n`).join('');
}

/** The non-blank lines of a text, trimmed at the end (a blank line would end the list item in
 *  most editors a text is pasted into). */
function lines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '');
}

/** Columns a label takes in a monospaced view: CJK and full-width characters take two. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += CJK.test(ch) ? 2 : 1;
  return w;
}
