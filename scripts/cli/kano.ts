/** `needs` and `kano` on the command line: a case's customer needs with their KANO category, and
 *  the needs across cases with Better / Worse (the same figures as the app's chart). */
import { betterWorse, countAnswers, needCategory } from '../../shared/domain/kano';
import { isFailedMustBe, type KanoChart } from '../../shared/domain/kano-chart';
import type { CustomerNeeds } from '../../shared/domain/needs';
import type { Language } from '../../shared/i18n/languages';
import { call, filtersOf, FILTER_OPTIONS, fit, fromError, openLibrary, parseArgs, required, usageError, type CliIo } from '../cli';

export const NEEDS_HELP = `Usage: npm run cli -- needs --db FILE --case ID [--json]

  --db FILE          the case library (.sqlite)
  --case ID          the case (see: cases list)
  --json             print the needs as JSON, with each one's category and Better / Worse

Each line: the KANO category (A attractive, O one-dimensional, M must-be, I indifferent, R reverse,
Q questionable; "-" not classified), met or NOT MET, Better / Worse when answers were recorded, the
number of answers and the need. A category chosen directly wins over the answers'.`;

export const KANO_HELP = `Usage: npm run cli -- kano --db FILE [filters] [--json]

  --db FILE          the case library (.sqlite)
  --from DATE        cases that happened on or after DATE (YYYY-MM-DD or an ISO instant)
  --to DATE          cases that happened on or before DATE
  --department TEXT  --touchpoint KEY  --severity LEVEL  --scenario TYPE  --mot FAILURE
  --step STEP        --status STATUS   --tag TEXT        (as the library's filters)
  --json             print the figures as JSON

Needs with the same words (case, spaces and end punctuation aside) and category are one line:
A/O/M/I/R/Q answer counts, Better = (A+O)/(A+O+M+I), Worse = -(O+M)/(A+O+M+I), the cases naming it
and how many of them failed it. Failed must-be needs are marked "!" and listed first.`;

const two = (n: number | null | undefined) => (n === null || n === undefined ? '   - ' : (n === 0 ? 0 : n).toFixed(2).padStart(5));

export async function needsCommand(argv: string[], io: CliIo, language: Language): Promise<void> {
  const p = parseArgs(argv, 'needs', ['db', 'case'], ['json']);
  if (p.flags.has('help')) return io.out(NEEDS_HELP);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'needs');
  const db = required(p, 'db', 'needs');
  const caseId = required(p, 'case', 'needs');
  const session = openLibrary(db, language);
  try {
    const { needs } = await call<{ needs: CustomerNeeds }>(session, 'needs:get', { caseId });
    const rows = needs.map((n) => {
      const bw = n.answers.length ? betterWorse(countAnswers(n.answers)) : null;
      return { ...n, category: needCategory(n), better: bw?.better ?? null, worse: bw?.worse ?? null };
    });
    if (p.flags.has('json')) return io.out(JSON.stringify(rows, null, 2));
    for (const r of rows) {
      io.out(`${r.category ?? '-'}  ${r.met ? 'met    ' : 'NOT MET'}  Better ${two(r.better)}  Worse ${two(r.worse)}  ${String(r.answers.length).padStart(3)} answers  ${r.text.replace(/\s+/g, ' ').trim()}`);
    }
    io.err(`${rows.length} need${rows.length === 1 ? '' : 's'}.`);
  } catch (e) {
    fromError(session, e);
  } finally {
    session.library.close();
  }
}

export async function kanoCommand(argv: string[], io: CliIo, language: Language): Promise<void> {
  const p = parseArgs(argv, 'kano', ['db', ...FILTER_OPTIONS], ['json']);
  if (p.flags.has('help')) return io.out(KANO_HELP);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'kano');
  const db = required(p, 'db', 'kano');
  const session = openLibrary(db, language);
  try {
    const chart = await call<KanoChart>(session, 'kano:chart', filtersOf(p));
    if (p.flags.has('json')) return io.out(JSON.stringify(chart, null, 2));
    // Failed must-be needs first: they are what the chart is for.
    const ordered = [...chart.needs.filter(isFailedMustBe), ...chart.needs.filter((n) => !isFailedMustBe(n))];
    io.out(`   cat  A  O  M  I  R  Q  Better  Worse  cases failed  need`);
    for (const n of ordered) {
      const c = n.counts;
      const counts = [c.A, c.O, c.M, c.I, c.R, c.Q].map((x) => String(x).padStart(2)).join(' ');
      io.out(`${isFailedMustBe(n) ? '!' : ' '}  ${(n.category ?? '-').padEnd(3)} ${counts}  ${two(n.better)}  ${two(n.worse)}  ${String(n.cases).padStart(5)} ${String(n.failed).padStart(6)}  ${fit(n.text.replace(/\s+/g, ' ').trim(), 60)}`);
    }
    io.err(`${chart.needs.length} need${chart.needs.length === 1 ? '' : 's'} in ${chart.cases} case${chart.cases === 1 ? '' : 's'}; ${chart.needs.filter(isFailedMustBe).length} failed must-be.`);
  } catch (e) {
    fromError(session, e);
  } finally {
    session.library.close();
  }
}
