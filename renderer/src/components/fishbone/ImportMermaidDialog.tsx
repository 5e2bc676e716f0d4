import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CausewayError, issuesFromZod } from '../../../../shared/contract/errors';
import { FishboneCommand } from '../../../../shared/domain/fishbone-commands';
import { MERMAID_MAX_INPUT_BYTES, parseMermaidIshikawa } from '../../../../shared/exchange/mermaid-ishikawa';
import { ApiFailure } from '../../api/failure';
import { describeError, issueText } from '../../i18n/errors';
import { useFishbone } from '../../state/fishbone';
import { Dialog } from '../Dialog';

/** Imports a Mermaid `ishikawa` diagram, pasted or from a file, as one undoable replacement of
 *  the current diagram. A text that does not parse changes nothing; the reason names the line. */

const ACCEPT = '.mmd,.txt,.md,text/plain,text/markdown';
const MEGABYTES = MERMAID_MAX_INPUT_BYTES / (1024 * 1024);

function ImportForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const readFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    setLoaded(null);
    if (file.size > MERMAID_MAX_INPUT_BYTES) {
      setError(t('fishbone.exchange.tooLarge', { size: `${MEGABYTES} MB` }));
      input.value = '';
      return;
    }
    setBusy(true);
    try {
      setText(await file.text());
      setLoaded(file.name);
    } catch {
      setError(t('fishbone.exchange.readFailed'));
    } finally {
      setBusy(false);
      // Choosing the same file again (after editing it) must read it again.
      input.value = '';
    }
  };

  const importText = () => {
    setError(null);
    if (!text.trim()) {
      setError(t('fishbone.exchange.empty'));
      return;
    }
    let parsed: ReturnType<typeof parseMermaidIshikawa>;
    try {
      parsed = parseMermaidIshikawa(text, () => crypto.randomUUID());
    } catch (err) {
      setError(describeError(t, err instanceof CausewayError ? new ApiFailure(err.toJSON()) : err));
      return;
    }
    if (parsed.categories.length === 0) {
      setError(t('fishbone.exchange.noCategories'));
      return;
    }
    const { doc: current, run } = useFishbone.getState();
    if (!current) return;
    const command: FishboneCommand = {
      type: 'replace',
      // Imported categories come from no template, so the template choice no longer applies.
      fishbone: { ...current, effect: parsed.effect || current.effect, template: null, categories: parsed.categories },
    };
    // The same check the database makes, so a refusal shows here instead of after the fact.
    const checked = FishboneCommand.safeParse(command);
    if (!checked.success) {
      const issue = issuesFromZod(checked.error)[0];
      const key = [...(issue?.path ?? [])].reverse().find((p) => typeof p === 'string');
      const field = key === 'effect' ? t('fishbone.panel.effect') : key === 'label' ? t('fishbone.panel.label') : t('fishbone.panel.text');
      setError(issueText(t, issue?.reason ?? 'generic', field));
      return;
    }
    if (current.categories.length > 0 && !window.confirm(t('fishbone.exchange.confirmReplace', { count: current.categories.length }))) return;
    if (!run(checked.data)) {
      setError(describeError(t, useFishbone.getState().lastError));
      return;
    }
    onClose();
  };

  const errorId = `${id}-error`;
  return (
    <form
      method="dialog"
      onSubmit={(e) => {
        e.preventDefault();
        importText();
      }}
    >
      <h2 id="import-mermaid-title">{t('fishbone.exchange.title')}</h2>
      <p className="muted" id={`${id}-intro`}>
        {t('fishbone.exchange.intro')}
      </p>
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('fishbone.exchange.text')}</label>
        <textarea
          id={`${id}-text`}
          className="import-text"
          value={text}
          rows={12}
          spellCheck={false}
          wrap="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={[`${id}-intro`, `${id}-hint`, error ? errorId : ''].filter(Boolean).join(' ')}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
            setLoaded(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) {
              e.preventDefault();
              importText();
            }
          }}
        />
        <span className="hint" id={`${id}-hint`}>
          {t('fishbone.exchange.textHint')}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('fishbone.exchange.file')}</label>
        <input id={`${id}-file`} type="file" accept={ACCEPT} onChange={(e) => void readFile(e)} aria-describedby={`${id}-file-hint`} />
        <span className="hint" id={`${id}-file-hint`}>
          {t('fishbone.exchange.fileHint', { size: `${MEGABYTES} MB` })}
        </span>
      </div>
      <p className="import-status muted" role="status">
        {loaded ? t('fishbone.exchange.loaded', { file: loaded }) : ''}
      </p>
      {error && (
        <p role="alert" className="error import-error" id={errorId}>
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('fishbone.exchange.cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {t('fishbone.exchange.import')}
        </button>
      </div>
    </form>
  );
}

export function ImportMermaidDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  return (
    <Dialog open={open} onClose={onClose} labelledBy="import-mermaid-title" className="import-mermaid">
      <ImportForm onClose={onClose} />
    </Dialog>
  );
}
