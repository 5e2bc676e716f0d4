import { useEffect, useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Input, Output } from '../../../../shared/contract/contract';
import type { AnonymiseHit } from '../../../../shared/domain/case-file';
import { bridge, call, fetchExport } from '../../api/client';
import { describeError } from '../../i18n/errors';
import { Dialog } from '../Dialog';
import { downloadBlob } from '../diagram/export';

/** The cases a file is made of: one case, the cases selected in the list, the cases shown, or the
 *  whole library. */
export type ExportScope =
  | { kind: 'one'; caseId: string; title: string }
  | { kind: 'selected'; ids: string[] }
  | { kind: 'shown'; ids: () => Promise<string[]>; count: number }
  | { kind: 'all' };

type Selection = Pick<Input<'casefile:export'>, 'caseIds' | 'all'>;
type Exported = Output<'casefile:export'> & { downloaded: boolean };

const revealer = () => (bridge as { showExportInFolder?: (path: string) => unknown }).showExportInFolder;

/** Where a hit is, as a reader says it: the case, then the field of the case or the part of it
 *  (timeline, fishbone, 5 Whys, the step of the plan) the text is in. */
const PART_LABELS: Record<string, string> = { timeline: 'timeline.heading', fishbone: 'fishbone.heading', analyses: 'whys.heading', rootCauseLinks: 'rootIdentity.field', needs: 'needs.heading' };
const PLAN_LABELS: Record<string, string> = { actions: 'steps.design', feedback: 'steps.execute' };

function where(t: TFunction, hit: AnonymiseHit): string {
  const [part, sub] = hit.path;
  let place: string;
  if (part === 'case') place = t(`caseForm.${hit.field}`, { defaultValue: t(`caseMore.${hit.field}`, { defaultValue: hit.field }) });
  else if (part === 'plan') place = t(PLAN_LABELS[String(sub)] ?? 'steps.improve');
  else place = t(PART_LABELS[String(part)] ?? 'caseFilesUi.colWhere');
  return `${hit.caseTitle} · ${place}`;
}

/** Export to a `.causeway` file: which cases, whether anonymised (every hit reviewed: kept or
 *  replaced, extra words added) and whether encrypted (the passphrase typed twice). In a browser
 *  the file is downloaded; in the desktop app it can be shown in its folder. */
export function CaseFileExportDialog({ open, onClose, scopes }: { open: boolean; onClose: () => void; scopes: ExportScope[] }) {
  const { t } = useTranslation();
  const [scopeIndex, setScopeIndex] = useState(0);
  const [anonymise, setAnonymise] = useState(false);
  const [dictionaryText, setDictionaryText] = useState('');
  const [scan, setScan] = useState<{ state: 'idle' | 'busy' } | { state: 'done'; hits: AnonymiseHit[]; total: number; truncated: boolean }>({ state: 'idle' });
  const [kept, setKept] = useState<Set<string>>(new Set());
  const [encrypt, setEncrypt] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Exported | null>(null);
  const reveal = revealer();
  const scope = scopes[scopeIndex] ?? scopes[0]!;
  const dictionary = useMemo(
    () => [...new Set(dictionaryText.split('\n').map((w) => w.trim()).filter(Boolean))],
    [dictionaryText],
  );

  useEffect(() => {
    if (!open) return;
    setScopeIndex(0);
    setAnonymise(false);
    setEncrypt(false);
    setPassphrase('');
    setAgain('');
    setError(null);
    setDone(null);
    setScan({ state: 'idle' });
    setKept(new Set());
  }, [open]);

  const selection = async (): Promise<Selection> =>
    scope.kind === 'one' ? { caseIds: [scope.caseId] } : scope.kind === 'all' ? { all: true } : scope.kind === 'selected' ? { caseIds: scope.ids } : { caseIds: await scope.ids() };

  const runScan = async () => {
    setScan({ state: 'busy' });
    setError(null);
    try {
      const found = await call('casefile:scanAnonymise', { ...(await selection()), dictionary });
      setScan({ state: 'done', ...found });
      setKept(new Set());
    } catch (e) {
      setScan({ state: 'idle' });
      setError(describeError(t, e));
    }
  };

  // Anonymising starts with a scan of the chosen cases; a new scope scans again.
  useEffect(() => {
    if (open && anonymise) void runScan();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, anonymise, scopeIndex]);

  const passphraseProblem = encrypt ? (passphrase === '' ? t('caseFilesUi.passphraseMissing') : passphrase !== again ? t('caseFilesUi.passphraseMismatch') : null) : null;

  const run = async () => {
    if (busy) return;
    if (passphraseProblem) {
      setError(passphraseProblem);
      return;
    }
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const written = await call('casefile:export', {
        ...(await selection()),
        ...(anonymise ? { anonymise: { dictionary, skip: [...kept] } } : {}),
        ...(encrypt ? { passphrase } : {}),
      });
      let downloaded = false;
      if (!reveal) {
        downloadBlob(await fetchExport(written.fileName), written.fileName);
        downloaded = true;
      }
      setDone({ ...written, downloaded });
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  const scopeLabel = (s: ExportScope) =>
    s.kind === 'one'
      ? t('caseFilesUi.scopeOne', { title: s.title })
      : s.kind === 'selected'
        ? t('caseSelection.exportScope', { count: s.ids.length })
        : s.kind === 'shown'
          ? t('caseFilesUi.scopeShown', { count: s.count })
          : t('caseFilesUi.scopeAll');

  return (
    <Dialog open={open} onClose={onClose} labelledBy="casefile-export-title" className="casefile-dialog">
      <h2 id="casefile-export-title">{t('caseFilesUi.exportTitle')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        {scopes.length > 1 ? (
          <fieldset>
            <legend>{t('caseFilesUi.scope')}</legend>
            {scopes.map((s, i) => (
              <label key={s.kind} className="radio">
                <input type="radio" name="casefile-scope" checked={scopeIndex === i} onChange={() => setScopeIndex(i)} />
                {scopeLabel(s)}
              </label>
            ))}
          </fieldset>
        ) : (
          <p>{scopeLabel(scope)}</p>
        )}

        <fieldset>
          <legend>{t('caseFilesUi.anonymise')}</legend>
          <label className="checkbox">
            <input type="checkbox" name="anonymise" checked={anonymise} onChange={(e) => setAnonymise(e.target.checked)} aria-describedby="casefile-anonymise-hint" />
            {t('caseFilesUi.anonymise')}
          </label>
          <p className="muted" id="casefile-anonymise-hint">
            {t('caseFilesUi.anonymiseHint')}
          </p>
          {anonymise && (
            <>
              <label className="field">
                <span>{t('caseFilesUi.dictionary')}</span>
                <textarea name="dictionary" rows={2} value={dictionaryText} onChange={(e) => setDictionaryText(e.target.value)} />
              </label>
              <button type="button" onClick={() => void runScan()} disabled={scan.state === 'busy'}>
                {t('caseFilesUi.scan')}
              </button>
              <section aria-labelledby="casefile-review-title" className="casefile-review">
                <h3 id="casefile-review-title">{t('caseFilesUi.review')}</h3>
                {scan.state === 'busy' && <p aria-busy="true">{t('caseFilesUi.scanning')}</p>}
                {scan.state === 'done' && (
                  <>
                    <p role="status">{scan.hits.length === 0 ? t('caseFilesUi.hitsNone') : t('caseFilesUi.hitsCount', { count: scan.total })}</p>
                    {scan.truncated && <p className="muted">{t('caseFilesUi.hitsTruncated', { count: scan.hits.length })}</p>}
                    {scan.hits.length > 0 && (
                      <div className="casefile-hits">
                        <table>
                          <thead>
                            <tr>
                              <th scope="col">{t('caseFilesUi.colReplace')}</th>
                              <th scope="col">{t('caseFilesUi.colKind')}</th>
                              <th scope="col">{t('caseFilesUi.colText')}</th>
                              <th scope="col">{t('caseFilesUi.colWhere')}</th>
                              <th scope="col">{t('caseFilesUi.colPseudonym')}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {scan.hits.map((hit) => {
                              const place = where(t, hit);
                              return (
                                <tr key={hit.id} className={kept.has(hit.id) ? 'kept' : undefined}>
                                  <td>
                                    <input
                                      type="checkbox"
                                      checked={!kept.has(hit.id)}
                                      aria-label={t('caseFilesUi.replaceHit', { text: hit.text, where: place })}
                                      onChange={(e) => {
                                        const next = new Set(kept);
                                        if (e.target.checked) next.delete(hit.id);
                                        else next.add(hit.id);
                                        setKept(next);
                                      }}
                                    />
                                  </td>
                                  <td>{t(`caseFilesUi.kinds.${hit.kind}`)}</td>
                                  <td>
                                    <mark>{hit.text}</mark>
                                    <div className="muted casefile-context">{hit.context}</div>
                                  </td>
                                  <td>{place}</td>
                                  <td>{hit.pseudonym}</td>
                                </tr>
                              );
                            })}
                          </tbody>
                        </table>
                      </div>
                    )}
                  </>
                )}
              </section>
            </>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('caseFilesUi.encrypt')}</legend>
          <label className="checkbox">
            <input type="checkbox" name="encrypt" checked={encrypt} onChange={(e) => setEncrypt(e.target.checked)} aria-describedby="casefile-encrypt-hint" />
            {t('caseFilesUi.encrypt')}
          </label>
          <p className="muted" id="casefile-encrypt-hint">
            {t('caseFilesUi.encryptHint')}
          </p>
          {encrypt && (
            <div className="casefile-passphrase">
              <label className="field">
                <span>{t('caseFilesUi.passphrase')}</span>
                <input type="password" name="passphrase" autoComplete="new-password" value={passphrase} onChange={(e) => (setPassphrase(e.target.value), setError(null))} />
              </label>
              <label className="field">
                <span>{t('caseFilesUi.passphraseAgain')}</span>
                <input type="password" name="passphrase-again" autoComplete="new-password" value={again} onChange={(e) => (setAgain(e.target.value), setError(null))} />
              </label>
            </div>
          )}
        </fieldset>

        <p role="status" aria-live="polite" className="casefile-result">
          {done && (
            <>
              <span>{t('caseFilesUi.exported', { file: done.fileName, count: done.cases, replaced: done.replaced })}</span>{' '}
              {done.downloaded && <span>{t('caseFilesUi.downloaded')}</span>}{' '}
              <span>
                {t('caseFilesUi.location')} <code>{done.path}</code>
              </span>
            </>
          )}
        </p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          {done && reveal && (
            <button type="button" onClick={() => void reveal(done.path)}>
              {t('caseFilesUi.openFolder')}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {t('caseFilesUi.close')}
          </button>
          <button type="submit" className="primary" disabled={busy || scan.state === 'busy'} aria-busy={busy || undefined}>
            {busy ? t('caseFilesUi.exporting') : t('caseFilesUi.export')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
