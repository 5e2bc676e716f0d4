import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import i18next from 'i18next';
import { describe, expect, it, vi } from 'vitest';
import { CausewayError } from '../../shared/contract/errors';
import { Category, defaultCauseFields, type Cause, type Fishbone } from '../../shared/domain/fishbone';
import { LIMITS } from '../../shared/domain/vocabulary';
import {
  MERMAID_ISSUE_REASONS,
  MERMAID_MAX_INPUT_BYTES,
  fishboneToMermaid,
  parseMermaidIshikawa,
  type MermaidIshikawa,
} from '../../shared/exchange/mermaid-ishikawa';
import { CATALOGS } from '../../shared/i18n/catalogs';

// The renderer's API client reaches for `window` when loaded; describeError only needs ApiFailure.
vi.mock('../../renderer/src/api/client', async () => ({ ApiFailure: (await import('../../renderer/src/api/failure')).ApiFailure }));
const { describeError } = await import('../../renderer/src/i18n/errors');

/** The tree as nested [text, children] pairs, ids and cause metadata left out. */
type Shape = [string, Shape[]];
const causeShape = (c: Cause): Shape => [c.text, c.children.map(causeShape)];
const shape = (r: MermaidIshikawa): Shape => [r.effect, r.categories.map((c): Shape => [c.label, c.causes.map(causeShape)])];
const parse = (text: string) => parseMermaidIshikawa(text, randomUUID);

function failure(text: string): { message: string; reason: string; path: (string | number)[] } {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(CausewayError);
    const error = (e as CausewayError).toJSON();
    expect(error.code).toBe('validation');
    expect(error.issues).toHaveLength(1);
    return { message: error.message, ...error.issues![0]! };
  }
  throw new Error('expected the text to be refused');
}

const cause = (text: string, children: Cause[] = []): Cause => ({ id: randomUUID(), ...defaultCauseFields(text), children });
const fishbone = (categories: Array<[string, Cause[]]>): Fishbone => ({
  effect: null,
  template: null,
  orientation: 'head_right',
  categories: categories.map(([label, causes]) => ({ id: randomUUID(), label, templateKey: null, causes })),
});

describe('reading Mermaid ishikawa text', () => {
  it("reads the example of Mermaid's syntax page (event and categories at the same indentation)", () => {
    const text = `ishikawa-beta
    Blurry Photo
    Process
        Out of focus
        Shutter speed too slow
        Protective film not removed
        Beautification filter applied
    User
        Shaky hands
    Equipment
        LENS
            Inappropriate lens
            Damaged lens
            Dirty lens
        SENSOR
            Damaged sensor
            Dirty sensor
    Environment
        Subject moved too quickly
        Too dark
`;
    expect(shape(parse(text))).toEqual([
      'Blurry Photo',
      [
        ['Process', [['Out of focus', []], ['Shutter speed too slow', []], ['Protective film not removed', []], ['Beautification filter applied', []]]],
        ['User', [['Shaky hands', []]]],
        [
          'Equipment',
          [
            ['LENS', [['Inappropriate lens', []], ['Damaged lens', []], ['Dirty lens', []]]],
            ['SENSOR', [['Damaged sensor', []], ['Dirty sensor', []]]],
          ],
        ],
        ['Environment', [['Subject moved too quickly', []], ['Too dark', []]]],
      ],
    ]);
  });

  it("reads the examples of Mermaid's own parser tests", () => {
    expect(shape(parse('ishikawa-beta\n    Blurry Photo\n        Process\n            Out of focus\n        User\n            Shaky hands\n'))).toEqual([
      'Blurry Photo',
      [
        ['Process', [['Out of focus', []]]],
        ['User', [['Shaky hands', []]]],
      ],
    ]);
    expect(shape(parse('ishikawa-beta\nProblem\nCause A\n  Subcause A1\nCause B\n'))).toEqual([
      'Problem',
      [
        ['Cause A', [['Subcause A1', []]]],
        ['Cause B', []],
      ],
    ]);
  });

  it('measures indentation from the first cause, so an event indented deeper does not matter', () => {
    // Mermaid issue 7469: the event indented more than the causes.
    expect(shape(parse('ishikawa\n        Event\n    C1\n        S1\n    C2\n'))).toEqual(['Event', [['C1', [['S1', []]]], ['C2', []]]]);
  });

  it('accepts any dedent, as Mermaid does: a line hangs under the nearest shallower line above it', () => {
    const text = 'ishikawa\n  E\n  C\n        deep\n      mid\n     between\n    shallow\n';
    expect(shape(parse(text))).toEqual(['E', [['C', [['deep', []], ['mid', []], ['between', []], ['shallow', []]]]]]);
    // Shallower than the first cause: still a category.
    expect(shape(parse('ishikawa\n  E\n    C1\n      S\n  C2\nC3\n'))).toEqual(['E', [['C1', [['S', []]]], ['C2', []], ['C3', []]]]);
  });

  it('accepts both keywords in any case, and the event on the keyword line', () => {
    for (const header of ['ishikawa', 'ishikawa-beta', 'Ishikawa', 'ISHIKAWA-BETA']) {
      expect(shape(parse(`${header}\n  E\n    C\n`))).toEqual(['E', [['C', []]]]);
    }
    expect(shape(parse('ishikawa Late delivery\n  People\n'))).toEqual(['Late delivery', [['People', []]]]);
    expect(shape(parse('ishikawa %% a comment\n  E\n'))).toEqual(['E', []]);
  });

  it('skips comments, blank lines and directives, and takes a front-matter block off', () => {
    const text = [
      '---',
      'title: Late orders',
      'config:',
      '  theme: forest',
      '---',
      '%% exported by hand',
      '%%{init: {"theme": "dark",',
      '  "look": "handDrawn"}}%%',
      '',
      'ishikawa-beta',
      '    Late orders %% not a comment here',
      '   ',
      '        People',
      '        %% a comment between causes',
      '%%',
      '            Short staffed',
      '',
      '        Process',
    ].join('\n');
    expect(shape(parse(text))).toEqual(['Late orders %% not a comment here', [['People', [['Short staffed', []]]], ['Process', []]]]);
  });

  it('accepts CRLF, CR, a byte-order mark, tabs and full-width spaces', () => {
    const expected: Shape = ['E', [['C1', [['S1', []]]], ['C2', []]]];
    expect(shape(parse('\ufeffishikawa\r\n  E\r\n  C1\r\n    S1\r\n  C2\r\n'))).toEqual(expected);
    expect(shape(parse('ishikawa\r  E\r  C1\r    S1\r  C2'))).toEqual(expected);
    expect(shape(parse('ishikawa\n\tE\n\tC1\n\t\tS1\n\tC2\n'))).toEqual(expected);
    expect(shape(parse('ishikawa\n\u3000E\n\u3000C1\n\u3000\u3000S1\n\u3000C2\n'))).toEqual(expected);
    // Each whitespace character counts one, a tab too: two tabs are as deep as two spaces.
    expect(shape(parse('ishikawa\n  E\n  C1\n\t\tS1\n'))).toEqual(['E', [['C1', []], ['S1', []]]]);
  });

  it('is more lenient than Mermaid where that cannot mislead: blank line after the keyword, keyword at a line start', () => {
    // Mermaid 12 refuses both; the intent is plain.
    expect(shape(parse('ishikawa  \n\n  E\n    Ishikawa diagram training\n'))).toEqual(['E', [['Ishikawa diagram training', []]]]);
  });

  it('reads entity codes and <br> as Mermaid shows them, and keeps everything else verbatim', () => {
    const text = 'ishikawa\n  Cost #35;1 #quot;rising#quot;\n  A #9829; B\n  two<br>lines<BR/>three\n  [Square] (round) ::icon(fa fa-book) :::urgent "quoted"\n  #unknown; & <b>\n';
    expect(shape(parse(text))).toEqual([
      'Cost #1 "rising"',
      [['A \u2665 B', []], ['two\nlines\nthree', []], ['[Square] (round) ::icon(fa fa-book) :::urgent "quoted"', []], ['&unknown; & <b>', []]],
    ]);
  });

  it('reads a Chinese diagram', () => {
    const text = `ishikawa-beta
    顾客投诉上菜慢
        人
            服务员不足
            新员工不熟悉流程
        机
            出餐打印机故障
        料
            食材未提前备好
        法
            点单流程繁琐
                纸质点单传递慢
        环
            高峰期客流集中
`;
    const result = parse(text);
    expect(shape(result)).toEqual([
      '顾客投诉上菜慢',
      [
        ['人', [['服务员不足', []], ['新员工不熟悉流程', []]]],
        ['机', [['出餐打印机故障', []]]],
        ['料', [['食材未提前备好', []]]],
        ['法', [['点单流程繁琐', [['纸质点单传递慢', []]]]]],
        ['环', [['高峰期客流集中', []]]],
      ],
    ]);
    expect(fishboneToMermaid({ ...fishbone([]), categories: result.categories }, result.effect)).toBe(text);
  });

  it('builds valid categories with fresh ids and default cause fields', () => {
    let n = 0;
    const ids: string[] = [];
    const newId = () => {
      const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
      ids.push(id);
      return id;
    };
    const result = parseMermaidIshikawa('ishikawa\n  E\n  C1\n    S1\n      T1\n  C2\n', newId);
    expect(Category.array().safeParse(result.categories).success).toBe(true);
    expect(ids).toHaveLength(4);
    expect(result.categories.map((c) => c.id)).toEqual([ids[0], ids[3]]);
    expect(result.categories[0]!.templateKey).toBeNull();
    const s1 = result.categories[0]!.causes[0]!;
    expect(s1).toEqual({ id: ids[1], ...defaultCauseFields('S1'), children: [{ id: ids[2], ...defaultCauseFields('T1'), children: [] }] });
  });
});

describe('refusing malformed text', () => {
  const long = (n: number) => 'x'.repeat(n);

  it('names the reason and the line', () => {
    const cases: Array<[string, string, number]> = [
      ['', 'mermaid_empty', 1],
      ['\n  \n%% only a comment\n', 'mermaid_empty', 1],
      ['---\ntitle: never closed\nishikawa\n  E\n', 'mermaid_front_matter', 1],
      ['%% note\n\nflowchart TD\n  A --> B\n', 'mermaid_header', 3],
      ['ishikawaX\n  E\n', 'mermaid_header', 1],
      ['\n\nishikawa-beta\n%% nothing else\n', 'mermaid_no_event', 3],
      ['ishikawa\n  E\n  C\n    <br>\n', 'mermaid_empty_text', 4],
      ['ishikawa\n  #32;\n', 'mermaid_empty_text', 2],
      [`ishikawa\n  ${long(LIMITS.shortText + 1)}\n`, 'mermaid_text_too_long', 2],
      [`ishikawa\n  E\n  ${long(LIMITS.shortText + 1)}\n`, 'mermaid_text_too_long', 3],
      [`ishikawa\n  E\n  C\n    ok\n    ${long(LIMITS.causeText + 1)}\n`, 'mermaid_text_too_long', 5],
    ];
    for (const [text, reason, line] of cases) {
      const f = failure(text);
      expect({ reason: f.reason, path: f.path }, JSON.stringify(text.slice(0, 60))).toEqual({ reason, path: ['line', line] });
      expect(f.message).toMatch(new RegExp(`^Line ${line}: `));
    }
  });

  it('counts entity codes as the characters they show', () => {
    const text = `ishikawa\n  E\n  C\n    ${'#35;'.repeat(LIMITS.causeText)}\n`;
    expect(parse(text).categories[0]!.causes[0]!.text).toBe('#'.repeat(LIMITS.causeText));
  });

  it('refuses one category, one cause or one level too many, at that line', () => {
    const categories = Array.from({ length: LIMITS.fishboneCategories + 1 }, (_, i) => `  C${i}`);
    expect(failure(['ishikawa', '  E', ...categories].join('\n'))).toMatchObject({ reason: 'mermaid_too_many_categories', path: ['line', 3 + LIMITS.fishboneCategories] });
    expect(parse(['ishikawa', '  E', ...categories.slice(1)].join('\n')).categories).toHaveLength(LIMITS.fishboneCategories);

    const causes = Array.from({ length: LIMITS.fishboneCauses + 1 }, (_, i) => `    cause ${i}`);
    expect(failure(['ishikawa', '  E', '  C', ...causes].join('\n'))).toMatchObject({ reason: 'mermaid_too_many_causes', path: ['line', 4 + LIMITS.fishboneCauses] });
    expect(parse(['ishikawa', '  E', '  C', ...causes.slice(1)].join('\n')).categories[0]!.causes).toHaveLength(LIMITS.fishboneCauses);

    const chain = Array.from({ length: LIMITS.fishboneDepth + 1 }, (_, i) => `${' '.repeat(4 + i)}level ${i + 1}`);
    expect(failure(['ishikawa', '  E', '  C', ...chain].join('\n'))).toMatchObject({ reason: 'mermaid_too_deep', path: ['line', 4 + LIMITS.fishboneDepth] });
    expect(() => parse(['ishikawa', '  E', '  C', ...chain.slice(0, -1)].join('\n'))).not.toThrow();
  });

  it('refuses two diagrams pasted together instead of making the second one categories', () => {
    const one = ['ishikawa-beta', '  Late delivery', '    People', '      Too few drivers'];
    const two = ['ishikawa', '  Wrong order', '    Method', '      No checklist'];
    expect(failure([...one, ...two].join('\n'))).toMatchObject({ reason: 'mermaid_second_diagram', path: ['line', 5] });
    expect(failure([...one, '', ...two.map((l) => `  ${l}`)].join('\n'))).toMatchObject({ reason: 'mermaid_second_diagram', path: ['line', 6] });
    expect(failure([...one, 'ISHIKAWA-BETA'].join('\n'))).toMatchObject({ reason: 'mermaid_second_diagram' });
    // A cause that merely starts with the word is a cause.
    expect(parse([...one, '      ishikawa diagram not used'].join('\n')).categories[0]!.causes).toHaveLength(2);
  });

  it('refuses text over 2 MB before reading it, counting UTF-8 bytes', () => {
    expect(MERMAID_MAX_INPUT_BYTES).toBe(2 * 1024 * 1024);
    expect(failure('ishikawa\n' + 'x'.repeat(MERMAID_MAX_INPUT_BYTES))).toMatchObject({ reason: 'mermaid_too_large', path: [] });
    expect(failure('ishikawa\n  ' + '中'.repeat(700_000))).toMatchObject({ reason: 'mermaid_too_large', path: [] });
    // Just under the limit, the text is read (and refused for what it says).
    expect(failure('x'.repeat(MERMAID_MAX_INPUT_BYTES))).toMatchObject({ reason: 'mermaid_header' });
  });

  it('numbers lines of the text as given, through CRLF, a BOM, front matter and multi-line directives', () => {
    const text = '\ufeff---\r\ntitle: x\r\n---\r\n%%{init: {\r\n  "theme": "dark"\r\n}}%%\r\nishikawa\r\n  E\r\n  C\r\n  <br>\r\n';
    expect(failure(text)).toMatchObject({ reason: 'mermaid_empty_text', path: ['line', 10] });
  });
});

describe('writing Mermaid ishikawa text', () => {
  it('writes a known fishbone: keyword, event, then categories and causes four spaces deeper per level', () => {
    const fb = fishbone([
      ['People', [cause('Short staffed', [cause('Two on leave')]), cause('New hire')]],
      ['Process', []],
      ['Equipment', [cause('Printer jams')]],
    ]);
    fb.categories[0]!.causes[0]!.votes = 4; // metadata is not part of Mermaid
    fb.categories[0]!.causes[0]!.status = 'confirmed';
    expect(fishboneToMermaid(fb, 'Orders arrive late')).toBe(
      [
        'ishikawa-beta',
        '    Orders arrive late',
        '        People',
        '            Short staffed',
        '                Two on leave',
        '            New hire',
        '        Process',
        '        Equipment',
        '            Printer jams',
        '',
      ].join('\n'),
    );
  });

  it('writes what Mermaid would misread with its entity codes, and line breaks as <br>', () => {
    const fb = fishbone([
      ['%% not a comment', [cause('ishikawa method'), cause('R&D <team>'), cause('Issue #12; open'), cause('first\r\nsecond\nthird')]],
      ['[]', [cause('style:#fff; text'), cause('%%{init: {}}%%'), cause('  padded  ')]],
    ]);
    expect(fishboneToMermaid(fb, 'Ishikawa-beta review')).toBe(
      [
        'ishikawa-beta',
        '    #73;shikawa-beta review',
        '        #37;% not a comment',
        '            #105;shikawa method',
        '            R#38;D #60;team#62;',
        '            Issue #35;12; open',
        '            first<br>second<br>third',
        '        #91;]',
        '            #115;tyle:#35;fff; text',
        '            #37;%{init: {}}#37;%',
        '            padded',
        '',
      ].join('\n'),
    );
  });

  it('refuses to write an empty text, which Mermaid would read as a blank line', () => {
    expect(() => fishboneToMermaid(fishbone([]), '  ')).toThrow(CausewayError);
  });

  it('writes a fishbone with no category as the event alone', () => {
    expect(fishboneToMermaid(fishbone([]), '问题')).toBe('ishikawa-beta\n    问题\n');
    expect(parse(fishboneToMermaid(fishbone([]), '问题'))).toEqual({ effect: '问题', categories: [] });
  });
});

describe('writing then reading', () => {
  const piece = fc.constantFrom(
    'a', 'Z', '7', ' ', '  ', '\t', '\n', '\r\n', '\r', '\u3000', '\u00a0', '\u2028',
    '中文', '原因', '设备', '😀', '👍🏽', '👨‍👩‍👧',
    '%', '%%', '%%{init: {}}%%', ':::', '::icon(fa)', '"', "'", '`', '[', ']', '[]', '(', ')', '((', '{{', '}}', '{', '}',
    '#', ';', '#35;', '#quot;', '&', '&amp;', '<', '>', '<br>', '</br>', 'ishikawa', 'Ishikawa-beta', 'style', 'classDef', ':', ':#f00;',
    '---', '\\', 'ﬂ°', '¶ß', '-', '_',
  );
  const text = (max: number) =>
    fc
      .oneof(fc.array(piece, { minLength: 1, maxLength: 10 }).map((p) => p.join('')), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }))
      .map((s) => s.trim())
      .filter((s) => s.length > 0 && s.length <= max);
  const causeAt = (depth: number): fc.Arbitrary<Cause> =>
    fc
      .record({ id: fc.uuid(), text: text(LIMITS.causeText), children: depth >= 5 ? fc.constant<Cause[]>([]) : fc.array(causeAt(depth + 1), { maxLength: 3 }) })
      .map(({ id, text, children }) => ({ id, ...defaultCauseFields(text), children }));
  const fishbones = fc.record({
    effect: text(LIMITS.shortText),
    categories: fc.array(fc.record({ id: fc.uuid(), label: text(LIMITS.shortText), templateKey: fc.constant(null), causes: fc.array(causeAt(1), { maxLength: 4 }) }), {
      maxLength: 6,
    }),
  });
  /** Reading gives back each text with its line breaks as LF. */
  const lf = (s: string) => s.replace(/\r\n?/g, '\n');
  const expectedShape = (effect: string, categories: Category[]): Shape => [
    lf(effect),
    categories.map((c): Shape => [lf(c.label), c.causes.map(function f(x: Cause): Shape {
      return [lf(x.text), x.children.map(f)];
    })]),
  ];

  it('keeps every cause, its text and nesting, and the order of categories', () => {
    fc.assert(
      fc.property(fishbones, ({ effect, categories }) => {
        const text = fishboneToMermaid({ ...fishbone([]), categories }, effect);
        const read = parse(text);
        expect(shape(read)).toEqual(expectedShape(effect, categories));
        expect(Category.array().safeParse(read.categories).success).toBe(true);
        // Stable: writing what was read gives the same text.
        expect(fishboneToMermaid({ ...fishbone([]), categories: read.categories }, read.effect)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('writes only lines Mermaid reads as one node each: indentation, then a text that is no comment nor keyword', () => {
    fc.assert(
      fc.property(fishbones, ({ effect, categories }) => {
        const lines = fishboneToMermaid({ ...fishbone([]), categories }, effect).split('\n');
        expect(lines.shift()).toBe('ishikawa-beta');
        expect(lines.pop()).toBe('');
        for (const line of lines) {
          expect(line).toMatch(/^(?: {4})+\S/);
          const body = line.trimStart();
          expect(body).not.toMatch(/^%%|^ishikawa\b/i);
          expect(body).not.toContain('%%');
          expect(body.replace(/<br>/g, ' ')).not.toMatch(/[&<>\r\u00a0]/);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('messages', () => {
  const t = async (lng: 'en' | 'zh-CN') => {
    const i18n = i18next.createInstance();
    return i18n.init({ lng, resources: { [lng]: { translation: CATALOGS[lng] } }, interpolation: { escapeValue: false } });
  };

  it('exist for every reason in both languages', () => {
    for (const reason of MERMAID_ISSUE_REASONS) {
      expect((CATALOGS.en.mermaid as Record<string, string>)[reason], reason).toBeTruthy();
      expect((CATALOGS['zh-CN'].mermaid as Record<string, string>)[reason], reason).toBeTruthy();
    }
    expect(Object.keys(CATALOGS.en.mermaid).sort()).toEqual([...MERMAID_ISSUE_REASONS].sort());
  });

  it('tell the line and the limit, in English and in Chinese', async () => {
    let error: unknown;
    try {
      parse('ishikawa\n  E\n' + Array.from({ length: 31 }, (_, i) => `  C${i}`).join('\n'));
    } catch (e) {
      error = e;
    }
    const en = await t('en');
    const zh = await t('zh-CN');
    expect(describeError(en, error)).toBe('Line 33: one category too many. A fishbone holds at most 30 categories.');
    expect(describeError(zh, error)).toBe('第 33 行：类别太多，一张鱼骨图最多 30 个类别。');

    let big: unknown;
    try {
      parse('x'.repeat(MERMAID_MAX_INPUT_BYTES + 1));
    } catch (e) {
      big = e;
    }
    expect(describeError(en, big)).toBe('This text is too large to import: at most 2 MB.');

    for (const reason of MERMAID_ISSUE_REASONS) {
      const e = new CausewayError('validation', 'x', { issues: [{ path: ['line', 12], reason }] });
      for (const tr of [en, zh]) {
        const sentence = describeError(tr, e);
        expect(sentence).not.toContain('mermaid');
        expect(sentence).not.toContain('{{');
        if (reason !== 'mermaid_too_large' && reason !== 'mermaid_empty') expect(sentence).toMatch(/^(Line 12: |第 12 行：)/);
      }
    }
  });
});
