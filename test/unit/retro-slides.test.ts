import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { defaultCauseFields, type Cause, type Fishbone } from '../../shared/domain/fishbone';
import type { Why, WhyAnalysis } from '../../shared/domain/whys';
import { branches, buildSlides, rowsPerPage } from '../../renderer/src/components/retro/slides';
import { generatedFishbone } from '../support/fishbones';

const cause = (text: string, children: Cause[] = []): Cause => ({ id: randomUUID(), ...defaultCauseFields(text), children });
const why = (answer: string, children: Why[] = []): Why => ({ id: randomUUID(), answer, evidence: '', status: 'hypothesis', isRootCause: false, stopReason: null, stopNote: '', collapsed: false, children });

describe('presentation slides', () => {
  it('one slide per category, causes in reading order with their depth, then one per 5-Whys branch', () => {
    const sub = cause('Sick leave');
    const fishbone: Fishbone = {
      effect: null,
      template: null,
      orientation: 'head_right',
      categories: [
        { id: randomUUID(), label: 'People', templateKey: null, causes: [cause('Roster gap', [sub]), cause('No handover')] },
        { id: randomUUID(), label: 'Tools', templateKey: null, causes: [] },
      ],
    };
    const analysis: WhyAnalysis = { id: randomUUID(), startCauseId: fishbone.categories[0]!.causes[0]!.id, question: '', direction: 'LR', whys: [why('A', [why('B'), why('C', [why('D')])]), why('E')] };
    const slides = buildSlides(fishbone, [analysis], 'The problem', 20, 'fallback');
    expect(slides.map((s) => (s.kind === 'category' ? `${s.label} ${s.n}/${s.total}` : `why ${s.n}/${s.total} ${s.path.map((w) => w.answer).join('>')}`))).toEqual([
      'People 1/2',
      'Tools 2/2',
      'why 1/3 A>B',
      'why 2/3 A>C>D',
      'why 3/3 E',
    ]);
    const people = slides[0]!;
    expect(people.kind === 'category' && people.rows.map((r) => [r.cause.text, r.depth])).toEqual([
      ['Roster gap', 1],
      ['Sick leave', 2],
      ['No handover', 1],
    ]);
    // An analysis without its own words asks about the cause it starts from.
    expect(slides[2]!.kind === 'branch' && slides[2]!.question).toBe('Roster gap');
    expect(branches([])).toEqual([]);
    expect(buildSlides(null, null, '', 10, 'x')).toEqual([]);
  });

  it('splits a long category into pages that keep every cause once, in order', () => {
    const fishbone = generatedFishbone(300, { categories: 6, seed: 3 });
    const slides = buildSlides(fishbone, [], '', 28, 'x');
    const shown = slides.flatMap((s) => (s.kind === 'category' ? s.rows.map((r) => r.cause.id) : []));
    const all: string[] = [];
    const walk = (list: Cause[]) => list.forEach((c) => (all.push(c.id), walk(c.children)));
    fishbone.categories.forEach((c) => walk(c.causes));
    expect(shown).toEqual(all);
    for (const s of slides) if (s.kind === 'category') expect(s.rows.length).toBeLessThanOrEqual(28);
    const first = slides.filter((s) => s.kind === 'category' && s.n === 1);
    expect(first.map((s) => (s.kind === 'category' ? `${s.page}/${s.pages}` : ''))).toEqual(first.map((_, i) => `${i + 1}/${first.length}`));
  });

  it('fits fewer rows at a larger text size and on a shorter slide, never none', () => {
    expect(rowsPerPage(1, 560)).toBeGreaterThan(rowsPerPage(1.4, 560));
    expect(rowsPerPage(1, 560)).toBeGreaterThan(rowsPerPage(1, 400));
    expect(rowsPerPage(2, 50)).toBe(2);
    expect(rowsPerPage(1, 560) % 2).toBe(0);
  });
});
