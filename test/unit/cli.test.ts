import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../electron/backend/pdf';
import { parseMermaidIshikawa } from '../../shared/exchange/mermaid-ishikawa';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { sha256 } from '../support/backend';
import { docxParagraphs, readZip, zipText } from '../support/zip';
import { cli, ROOT } from '../support/cli';
import { HAS_POPPLER } from '../support/pdf-tools';

/** The command line, run as people run it: a child process on a real database file. */

const CHROMIUM = findChromium();
if (!CHROMIUM) console.warn('cli: the PDF and PNG runs are skipped: no Chromium (apt-get install chromium, or set CHROMIUM_PATH).');

const LONG = { timeout: 90_000 };

let dir: string;
let db: string;
let ids: string[] = [];
/** The sample case with steps 3-5 filled in (the last one), and the one with two 5-Whys trees. */
let full: string;
let first: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'causeway-cli-'));
  db = join(dir, 'library.sqlite');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('causeway CLI', () => {
  it('explains itself with --help, and asks for a command without one', LONG, async () => {
    const [help, none, reportHelp] = await Promise.all([cli(['--help']), cli([]), cli(['report', '--help'])]);
    expect(help.code).toBe(0);
    for (const command of ['report', 'cases list', 'demo', 'diagram', 'import-mermaid', 'roots', 'library copy', 'needs', 'kano']) expect(help.stdout).toContain(command);
    expect(none.code).toBe(2);
    expect(reportHelp.code).toBe(0);
    expect(reportHelp.stdout).toContain('md | html | pdf | docx');
    expect(reportHelp.stdout).toContain('steps | 8d | a3');
  });

  it('loads the sample cases through the app’s handler, then lists them in aligned columns', LONG, async () => {
    const demo = await cli(['demo', '--db', db, '--lang', 'zh-CN']);
    expect(demo.stderr).toMatch(/Loaded 3 sample cases/);
    expect(demo.code).toBe(0);
    ids = demo.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]!);
    expect(ids).toHaveLength(3);
    [first, , full] = ids as [string, string, string];

    const list = await cli(['cases', 'list', '--db', db]);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+TITLE\s+STEP\s+STATUS$/);
    expect(lines).toHaveLength(4);
    for (const id of ids) expect(list.stdout).toContain(id);
    expect(list.stdout).toContain('双十一大促订单激增导致配送延误');
    // Columns line up on screen: Chinese characters take two columns each.
    const wide = (s: string) => [...s].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
    const stepColumn = lines.map((l) => wide(l.slice(0, l.search(/\s(?:identify|analyse|design|execute|improve|STEP)\s/) + 1)));
    expect(new Set(stepColumn).size).toBe(1);
  });

  it('writes the report as Markdown and DOCX, in the language asked for', LONG, async () => {
    const md = await cli(['report', '--db', db, '--case', full, '--format', 'md', '--lang', 'en', '--layout', '8d', '--out', join(dir, 'out', 'report.md')]);
    expect(md.stderr).toBe('');
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^Wrote .*report\.md \(\d/);
    const text = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
    expect(text).toContain(`# ${CATALOGS.en.report.title['8d']}`);
    expect(text).toMatch(/^#{1,3} D1\b/m);

    const docx = await cli(['report', '--db', db, '--case', full, '--lang', 'zh-CN', '--out', join(dir, 'out', 'report.docx')]);
    expect(docx.code).toBe(0);
    const paragraphs = docxParagraphs(zipText(readZip(readFileSync(join(dir, 'out', 'report.docx'))), 'word/document.xml'));
    expect(paragraphs[0]).toMatchObject({ style: 'Title', text: CATALOGS['zh-CN'].report.title.steps });
    expect(paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text).join('|')).toContain(CATALOGS['zh-CN'].steps.improve);
  });

  it('writes into the exports folder without --out, and into a folder named by --out', LONG, async () => {
    const run = await cli(['report', '--db', db, '--case', first, '--format', 'html', '--lang', 'en']);
    expect(run.code).toBe(0);
    // The name says the case, the layout, the language and the date.
    const [name] = readdirSync(join(dir, 'exports'));
    expect(name).toMatch(/^双十一大促订单激增导致配送延误-report-en-\d{4}-\d{2}-\d{2}\.html$/);
    mkdirSync(join(dir, 'folder'));
    const into = await cli(['report', '--db', db, '--case', first, '--format', 'md', '--layout', 'a3', '--out', join(dir, 'folder')]);
    expect(into.code).toBe(0);
    expect(readdirSync(join(dir, 'folder'))[0]).toMatch(/^双十一大促订单激增导致配送延误-report-A3-en-\d{4}-\d{2}-\d{2}\.md$/);
  });

  it.skipIf(!CHROMIUM)('prints the report to PDF with headless Chromium, Chinese included', LONG, async () => {
    const out = join(dir, 'out', 'report.pdf');
    const run = await cli(['report', '--db', db, '--case', full, '--format', 'pdf', '--lang', 'zh-CN', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    if (HAS_POPPLER) {
      const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
      for (const step of ['identify', 'analyse', 'design', 'execute', 'improve'] as const) expect(text).toContain(CATALOGS['zh-CN'].steps[step]);
    }
  });

  it('exports the fishbone as SVG and Mermaid, and each 5-Whys tree with a numbered suffix', LONG, async () => {
    const svg = await cli(['diagram', '--db', db, '--case', first, '--kind', 'fishbone', '--out', join(dir, 'd', 'fishbone.svg')]);
    expect(svg.code).toBe(0);
    const drawing = readFileSync(join(dir, 'd', 'fishbone.svg'), 'utf8');
    expect(drawing).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(drawing).toContain('双十一大促订单激增导致配送延误');

    const mmd = await cli(['diagram', '--db', db, '--case', first, '--kind', 'fishbone', '--format', 'mermaid', '--out', join(dir, 'd', 'fishbone.mmd')]);
    expect(mmd.code).toBe(0);
    let n = 0;
    const parsed = parseMermaidIshikawa(readFileSync(join(dir, 'd', 'fishbone.mmd'), 'utf8'), () => `id-${n++}`);
    expect(parsed.categories.length).toBeGreaterThan(2);

    const whys = await cli(['diagram', '--db', db, '--case', first, '--kind', 'whys', '--format', 'svg', '--out', join(dir, 'd', 'whys.svg')]);
    expect(whys.code).toBe(0);
    const files = readdirSync(join(dir, 'd')).filter((f) => f.startsWith('whys'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.sort()).toEqual(files.map((_, i) => `whys-${i + 1}.svg`));

    const one = await cli(['diagram', '--db', db, '--case', first, '--kind', 'whys', '--format', 'mermaid', '--analysis', '2', '--out', join(dir, 'd', 'second.mmd')]);
    expect(one.code).toBe(0);
    expect(readFileSync(join(dir, 'd', 'second.mmd'), 'utf8')).toMatch(/^flowchart (LR|TB)\n {4}q\["/);

    const beyond = await cli(['diagram', '--db', db, '--case', first, '--kind', 'whys', '--analysis', '9', '--out', join(dir, 'd', 'x.svg')]);
    expect(beyond.code).toBe(1);
    expect(beyond.stderr).toMatch(/no 5-Whys analysis 9; it has \d/);
  });

  it.skipIf(!CHROMIUM)('exports a diagram as PNG through headless Chromium', LONG, async () => {
    const out = join(dir, 'd', 'fishbone.png');
    const run = await cli(['diagram', '--db', db, '--case', first, '--kind', 'fishbone', '--format', 'png', '--out', out]);
    expect(run.code).toBe(0);
    const png = readFileSync(out);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBeGreaterThan(400);
  });

  it('imports a fishbone from Mermaid, and refuses a malformed file with its line number, changing nothing', LONG, async () => {
    const before = await cli(['diagram', '--db', db, '--case', full, '--kind', 'fishbone', '--format', 'mermaid', '--out', join(dir, 'm', 'before.mmd')]);
    expect(before.code).toBe(0);
    writeFileSync(join(dir, 'm', 'bad.mmd'), 'ishikawa\n    Late delivery\n        People\n            <br>\n        Process\n');
    const bad = await cli(['import-mermaid', '--db', db, '--case', full, '--in', join(dir, 'm', 'bad.mmd')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${join(dir, 'm', 'bad.mmd')}, line 4:`);
    expect(bad.stderr).toContain('mermaid_empty_text');
    writeFileSync(join(dir, 'm', 'flow.mmd'), 'flowchart LR\n  a --> b\n');
    const notIshikawa = await cli(['import-mermaid', '--db', db, '--case', full, '--in', join(dir, 'm', 'flow.mmd')]);
    expect(notIshikawa.code).toBe(1);
    expect(notIshikawa.stderr).toMatch(/line 1: .*ishikawa/);
    const unchanged = await cli(['diagram', '--db', db, '--case', full, '--kind', 'fishbone', '--format', 'mermaid', '--out', join(dir, 'm', 'after-bad.mmd')]);
    expect(unchanged.code).toBe(0);
    expect(readFileSync(join(dir, 'm', 'after-bad.mmd'), 'utf8')).toBe(readFileSync(join(dir, 'm', 'before.mmd'), 'utf8'));

    writeFileSync(join(dir, 'm', 'good.mmd'), 'ishikawa-beta\n    Late delivery\n        People\n            Untrained <temp> staff\n        Process\n            No peak plan\n');
    const good = await cli(['import-mermaid', '--db', db, '--case', full, '--in', join(dir, 'm', 'good.mmd')]);
    expect(good.stdout).toContain('2 categories, 2 causes');
    expect(good.code).toBe(0);
    await cli(['diagram', '--db', db, '--case', full, '--kind', 'fishbone', '--format', 'mermaid', '--out', join(dir, 'm', 'after.mmd')]);
    expect(readFileSync(join(dir, 'm', 'after.mmd'), 'utf8')).toBe('ishikawa-beta\n    Late delivery\n        People\n            Untrained #60;temp#62; staff\n        Process\n            No peak plan\n');
  });

  it('says when a Mermaid export is longer than Mermaid draws by default, and writes it whole', LONG, async () => {
    const causes = Array.from({ length: 30 }, (_, i) => `            Cause ${i} ${'x'.repeat(2_000)}`).join('\n');
    writeFileSync(join(dir, 'm', 'big.mmd'), `ishikawa-beta\n    Late delivery\n        People\n${causes}\n`);
    const imported = await cli(['import-mermaid', '--db', db, '--case', full, '--in', join(dir, 'm', 'big.mmd')]);
    expect(imported.code).toBe(0);
    const out = join(dir, 'm', 'big-out.mmd');
    const big = await cli(['diagram', '--db', db, '--case', full, '--kind', 'fishbone', '--format', 'mermaid', '--out', out]);
    expect(big.code).toBe(0);
    expect(big.stderr).toContain(`Note: ${out} is 60,`);
    expect(big.stderr).toContain('more than the 50,000 Mermaid draws by default; raise maxTextSize');
    let n = 0;
    expect(parseMermaidIshikawa(readFileSync(out, 'utf8'), () => `id-${n++}`).categories[0]!.causes).toHaveLength(30);
    // An ordinary export says nothing more than where it wrote.
    const small = await cli(['diagram', '--db', db, '--case', first, '--kind', 'fishbone', '--format', 'mermaid', '--out', join(dir, 'm', 'small.mmd')]);
    expect(small.stderr).toBe('');
  });

  it('fails clearly: a missing case, a bad option, a bad value, a missing or damaged database', LONG, async () => {
    const nowhere = join(dir, 'nowhere.sqlite');
    const damaged = join(dir, 'damaged.sqlite');
    writeFileSync(damaged, 'This is not a database. '.repeat(200));
    const hash = sha256(damaged);
    const [missing, notId, option, value, layout, kind, command, none, broken] = await Promise.all([
      cli(['report', '--db', db, '--case', '00000000-0000-4000-8000-000000000000', '--format', 'md']),
      cli(['report', '--db', db, '--case', '42', '--format', 'md']),
      cli(['report', '--db', db, '--case', full, '--colour', 'red']),
      cli(['report', '--db', db, '--case', full, '--format', 'rtf']),
      cli(['report', '--db', db, '--case', full, '--layout', '6sigma']),
      cli(['diagram', '--db', db, '--case', full, '--kind', 'pareto']),
      cli(['exprot']),
      cli(['cases', 'list', '--db', nowhere]),
      cli(['cases', 'list', '--db', damaged]),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no case 00000000-0000-4000-8000-000000000000');
    expect(notId.code).toBe(1);
    expect(notId.stderr).toContain('"42" is not a case id');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('Unknown option --colour for report. Valid options: --db, --case, --format, --lang, --layout, --out, --tz, --force, --help.');
    expect(value.code).toBe(2);
    expect(value.stderr).toContain('--format must be one of: md, html, pdf, docx (got "rtf")');
    expect(layout.stderr).toContain('--layout must be one of: steps, 8d, a3');
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('--kind must be one of: fishbone, whys');
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('Valid commands: report, cases, demo, diagram, import-mermaid, roots, library, search, similar, lessons, export, import, needs, kano, insights, retro');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`There is no database at ${nowhere}`);
    expect(existsSync(nowhere)).toBe(false);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/The database .*damaged\.sqlite cannot be used \(not_sqlite\)/);
    expect(sha256(damaged)).toBe(hash);
  });
  it('says PDF and PNG need Chromium when there is none, and speaks Chinese under a Chinese locale', LONG, async () => {
    const env = { CHROMIUM_PATH: join(dir, 'no-chromium') };
    const pdf = await cli(['report', '--db', db, '--case', full, '--format', 'pdf', '--out', join(dir, 'x.pdf')], env);
    expect(pdf.code).toBe(1);
    expect(pdf.stderr).toContain(CATALOGS.en.export.pdf_unavailable);
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
    const png = await cli(['diagram', '--db', db, '--case', full, '--kind', 'fishbone', '--format', 'png', '--out', join(dir, 'x.png')], { ...env, LANG: 'zh_CN.UTF-8' });
    expect(png.code).toBe(1);
    expect(png.stderr).toContain(CATALOGS['zh-CN'].export.png_unavailable);
    const zh = await cli(['report', '--db', db, '--case', full, '--format', 'md', '--out', join(dir, 'zh.md')], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/^已写入 /);
    // The report's language follows the locale too when --lang is not given.
    expect(readFileSync(join(dir, 'zh.md'), 'utf8')).toContain(CATALOGS['zh-CN'].report.title.steps);
  });

  it('runs through npm run cli', LONG, async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const out = execFileSync(npm, ['run', '--silent', 'cli', '--', 'cases', 'list', '--db', db], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8' }, stdio: ['ignore', 'pipe', 'ignore'] });
    for (const id of ids) expect(out).toContain(id);
  });
});
