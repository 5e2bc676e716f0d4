import { useTranslation } from 'react-i18next';
import { useConnection } from '../api/connection';

/** Says when the page cannot reach Causeway (browser mode), that it keeps trying by itself, and
 *  offers to try at once. Gone as soon as the host answers. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const connection = useConnection((s) => s.connection);
  const retryNow = useConnection((s) => s.retryNow);
  if (connection.kind === 'ok') return null;
  return (
    <div className="connection-banner" role="status" data-reason={connection.reason}>
      <span>{connection.reason === 'unauthorized' ? t('connection.unauthorized') : t('connection.down')}</span>
      <button type="button" onClick={retryNow}>
        {t('connection.retryNow')}
      </button>
    </div>
  );
}
