import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../i18n/errors';
import { useRetro } from '../../state/retro';
import { useWorkspace } from '../../state/workspace';
import { RetroPresentation } from './RetroPresentation';

/** Step 2's way into a team session ("Run a team session") and the sessions kept with the case. */
export function TeamSessionEntry() {
  const { t, i18n } = useTranslation();
  const caseId = useWorkspace((s) => s.caseId);
  const session = useRetro((s) => s.session);
  const history = useRetro((s) => s.history);
  const presenting = useRetro((s) => s.presenting);
  const error = useRetro((s) => s.error);

  useEffect(() => {
    if (caseId) void useRetro.getState().load(caseId);
  }, [caseId]);

  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const closed = history.filter((h) => h.summary);
  return (
    <div className="retro-entry">
      <button type="button" className="primary" onClick={() => void useRetro.getState().start()} title={t('retro.openHint')}>
        {session ? t('retro.resume') : t('retro.open')}
      </button>
      {error && !presenting ? (
        <span className="retro-entry-error" role="alert">
          {describeError(t, error)}
        </span>
      ) : null}
      {closed.length ? (
        <details className="retro-history">
          <summary>
            {t('retro.history.title')} ({closed.length})
          </summary>
          <ul>
            {history.map((h) => (
              <li key={h.id}>
                {h.summary
                  ? t('retro.history.item', {
                      date: date.format(new Date(h.startedAt)),
                      participants: t('retro.history.participants', { count: h.summary.participants.length }),
                      votes: t('retro.voting.total', { count: h.summary.votes.reduce((a, v) => a + v.votes, 0) }),
                    })
                  : t('retro.history.notClosed', { date: date.format(new Date(h.startedAt)) })}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {presenting && session ? <RetroPresentation /> : null}
    </div>
  );
}
