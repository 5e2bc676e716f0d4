import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLibrary } from '../../state/library';
import { useRoute } from '../../state/route';
import { shownIds, useSelection } from '../../state/selection';
import { CaseFileExportDialog, type ExportScope } from './CaseFileExportDialog';
import { CaseFileImportDialog } from './CaseFileImportDialog';

/** The library's "Export cases…" (the cases selected in the list, the cases shown, or the whole
 *  library) and "Import a case file…". */
export function CaseFileButtons() {
  const { t } = useTranslation();
  const total = useLibrary((s) => s.total);
  const refresh = useLibrary((s) => s.refresh);
  const go = useRoute((s) => s.go);
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const selected = useSelection((s) => s.ids);
  const scopes: ExportScope[] = [
    ...(selected.size > 0 ? [{ kind: 'selected' as const, ids: [...selected] }] : []),
    { kind: 'shown', ids: shownIds, count: total },
    { kind: 'all' },
  ];
  return (
    <>
      <button type="button" onClick={() => setExporting(true)} disabled={total === 0 && selected.size === 0}>
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
