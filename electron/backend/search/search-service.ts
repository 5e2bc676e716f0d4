import { LessonsQuery, SearchQuery, type LessonEntry, type SearchResult, type SimilarCase } from '../../../shared/domain/search';
import { CausewayError } from '../../../shared/contract/errors';
import type { Db } from '../database';
import type { PlanRepo } from '../plan-repo';
import type { RootCauseRepo } from '../root-cause-repo';
import { cachedPrepare, type Prepare } from '../sql';
import { listLessons } from './lessons';
import { search } from './query';
import type { IndexProgress } from './search-index';
import { DocFrequencies, similarCases } from './similar';

/** The library's reads across cases: search, similar cases, the lessons library. Each runs in one
 *  read transaction (one consistent snapshot). */
export class SearchService {
  private readonly stmt: Prepare;
  private readonly frequencies: DocFrequencies;

  constructor(
    private readonly db: Db,
    private readonly plans: PlanRepo,
    private readonly rootCauses: RootCauseRepo,
    /** How far a background build of the index has got, or null when it is complete. */
    private readonly indexing: () => IndexProgress | null = () => null,
  ) {
    this.stmt = cachedPrepare(db);
    this.frequencies = new DocFrequencies(this.stmt);
  }

  query(input: SearchQuery): SearchResult {
    const q = SearchQuery.parse(input);
    const indexing = this.indexing();
    const result = this.db.transaction(() => search(this.stmt, q))();
    // While the index is being built, the answer covers the cases indexed so far, and says so.
    return indexing ? { ...result, indexing } : result;
  }

  similar(caseId: string, limit = 5): SimilarCase[] {
    return this.db.transaction(() => {
      if (!this.stmt('SELECT 1 FROM cases WHERE id = ?').get(caseId)) throw new CausewayError('not_found', `No case ${caseId}.`);
      // The frequencies are kept between calls only once the index is complete.
      const frequencies = this.indexing() ? new DocFrequencies(this.stmt) : this.frequencies;
      return similarCases({ stmt: this.stmt, frequencies, plans: this.plans, rootCauses: this.rootCauses }, caseId, limit);
    })();
  }

  lessons(input: LessonsQuery): { items: LessonEntry[]; total: number } {
    const q = LessonsQuery.parse(input);
    return this.db.transaction(() => listLessons(this.stmt, q))();
  }
}
