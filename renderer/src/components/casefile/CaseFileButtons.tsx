import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../../shared/domain/vocabulary';
import { call } from '../../api/client';
import { currentLanguage } from '../../i18n/setup';
import { useLibrary } from '../../state/library';
import { useRoute } from '../../state/route';
import { CaseFileExportDialog, type ExportScope } from './CaseFileExportDialog';
import { CaseFileImportDialog } from './CaseFileImportDialog';

/** Every id the library's current filters find (search results included), page by page: the
 *  list on screen holds only the rows scrolled to. */
async function shownIds(): Promise<string[]> {
  const filters = useLibrary.getState().filters;
  const ids: string[] = [];
  for (let offset = 0; ; offset += LIMITS.pageSize) {
    const page = await call('cases:list', { ...filters, language: currentLanguage(), offset, limit: LIMITS.pageSize });
    ids.push(...page.items.map((c) => c.id));
    if (page.items.length < LIMITS.pageSize || ids.length >= page.total) return ids;
  }
}

/** The library's "Export cases…" (the cases shown, or the whole library) and "Import a case file…". */
export function CaseFileButtons() {
  const { t } = useTranslation();
  const total = useLibrary((s) => s.total);
  const refresh = useLibrary((s) => s.refresh);
  const go = useRoute((s) => s.go);
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const scopes: ExportScope[] = [{ kind: 'shown', ids: shownIds, count: total }, { kind: 'all' }];
  return (
    <>
      <button type="button" onClick={() => setExporting(true)} disabled={total === 0}>
        {t('caseFilesUi.exportCases')}
      </button>
      <button type="button" onClick={() => setImporting(true)}>
        {t('caseFilesUi.importFile')}
      </button>
      <CaseFileExportDialog open={exporting} onClose={() => setExporting(false)} scopes={scopes} />
      <CaseFileImportDialog
        open={importing}
        onClose={() => setImporting(false)}
        onImported={() => void refresh()}
        onOpenCase={(id) => {
          setImporting(false);
          go({ name: 'case', id, step: null });
        }}
      />
    </>
  );
}
