import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_TEMPLATES } from '../../../shared/domain/templates';
import type { Language } from '../../../shared/i18n/languages';
import { call } from '../api/client';
import { describeError } from '../i18n/errors';
import { Dialog } from './Dialog';
import { usePendingForm } from './leave-guard';

export function NewCaseDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const [templateId, setTemplateId] = useState<string>('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePendingForm(open && title.trim() !== '');

  const groups = [
    { key: 'scenario', label: t('newCase.byScenario') },
    { key: 'mot', label: t('newCase.byMot') },
  ] as const;

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const detail = await call('cases:create', { templateId: templateId || undefined, title: title.trim() || undefined, language });
      setTitle('');
      setTemplateId('');
      onCreated(detail.case.id);
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  // Closed, the dialog shows nothing: its template list (a translated line per template) is not
  // built on every render of the app.
  if (!open)
    return (
      <Dialog open={false} onClose={onClose} labelledBy="new-case-title" className="new-case">
        {null}
      </Dialog>
    );
  return (
    <Dialog open={open} onClose={onClose} labelledBy="new-case-title" className="new-case">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <h2 id="new-case-title">{t('newCase.title')}</h2>
        <fieldset className="templates">
          <legend className="visually-hidden">{t('newCase.templateHint')}</legend>
          <label className="template">
            <input type="radio" name="template" value="" checked={templateId === ''} onChange={() => setTemplateId('')} />
            <span>
              <strong>{t('newCase.blank')}</strong>
              <span className="muted">{t('newCase.blankHint')}</span>
            </span>
          </label>
          {groups.map((g) => (
            <div key={g.key} className="template-group" role="group" aria-label={g.label}>
              <h3>{g.label}</h3>
              {CASE_TEMPLATES.filter((tpl) => tpl.group === g.key).map((tpl) => (
                <label key={tpl.id} className="template">
                  <input type="radio" name="template" value={tpl.id} checked={templateId === tpl.id} onChange={() => setTemplateId(tpl.id)} />
                  <span>
                    <strong>{tpl.set.scenarioType && g.key === 'scenario' ? t(`enum.scenarioType.${tpl.set.scenarioType}`) : t(`enum.motFailure.${tpl.set.motFailure}`)}</strong>
                    <span className="muted">{tpl.text[language].problem.split('\n')[0]}</span>
                  </span>
                </label>
              ))}
            </div>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('newCase.caseTitle')}</span>
          <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('newCase.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {t('newCase.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
