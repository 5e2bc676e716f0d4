import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract/contract';
import { ApiFailure, call } from '../../api/client';
import { describeError } from '../../i18n/errors';

type Opened = Output<'retro:openLan'>;
type Listed = Output<'retro:participants'>;

/** How often the list of participants is read while the session is open to phones. */
const REFRESH_MS = 2000;

/** A data: address for the QR code's SVG (made by the backend with `qrcode`): drawn as an image,
 *  so nothing in it can run in the page. */
const svgImage = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/** "Participants' phones" beside a running team session: off until the facilitator opens it,
 *  with what opening exposes said first. Open, it shows the join address, its QR code and the
 *  join code in large type, and who joined, each removable (their phone is cut off at once). */
export function PhonesPanel({
  caseId,
  onChange,
  participants: listParticipants = true,
  level = 2,
  className = 'phones-panel',
}: {
  caseId: string;
  /** Called after a participant is removed here, for a screen that shows them too. */
  onChange?: () => void;
  /** Whether to list participants here (false beside a screen that lists them with a remove button already). */
  participants?: boolean;
  /** The heading level that fits where the panel is placed. */
  level?: 2 | 3;
  className?: string;
}) {
  const Heading = `h${level}` as 'h2' | 'h3';
  const Sub = `h${level + 1}` as 'h3' | 'h4';
  const { t } = useTranslation();
  const [addresses, setAddresses] = useState<Output<'retro:lanInterfaces'>['interfaces'] | null>(null);
  const [address, setAddress] = useState('');
  const [opened, setOpened] = useState<Opened | null>(null);
  const [listed, setListed] = useState<Listed | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  const refresh = useCallback(async () => {
    try {
      setListed(await call('retro:participants', { caseId }));
    } catch {
      // The session ended or the library closed: the next action says why.
    }
  }, [caseId]);

  useEffect(() => {
    void call('retro:lanInterfaces', {}).then(
      ({ interfaces }) => {
        setAddresses(interfaces);
        setAddress((a) => a || interfaces[0]?.address || '');
      },
      setError,
    );
    void refresh();
  }, [refresh]);

  const isOpen = !!opened && !!listed?.open;
  useEffect(() => {
    if (!isOpen) return;
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [isOpen, refresh]);

  // Opened earlier (the panel was closed and shown again): show the same address and code.
  useEffect(() => {
    if (listed?.open && !opened && !busy) {
      const at = listed.url ? new URL(listed.url).hostname : '';
      if (at) void call('retro:openLan', { caseId, address: at }).then(setOpened, setError);
    }
    if (listed && !listed.open && opened) setOpened(null);
  }, [listed, opened, busy, caseId]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const open = () =>
    run(async () => {
      const result = await call('retro:openLan', { caseId, address });
      setOpened(result);
      setStatus(t('retroPhones.panel.opened', { url: result.url }));
      await refresh();
    });

  const close = () =>
    run(async () => {
      await call('retro:closeLan', { caseId });
      setOpened(null);
      setStatus(t('retroPhones.panel.closed'));
      await refresh();
    });

  const remove = (id: string, name: string) =>
    run(async () => {
      await call('retro:removeParticipant', { caseId, participantId: id });
      setStatus(t('retroPhones.panel.removed', { name }));
      await refresh();
      onChange?.();
    });

  const errorText = (e: unknown) => {
    const reason = e instanceof ApiFailure ? e.error.reason : undefined;
    const known = ['retro_lan_address', 'retro_lan_no_session', 'retro_lan_listen'];
    return reason && known.includes(reason) ? t(`retroPhones.panel.errors.${reason}`) : describeError(t, e);
  };

  const participants = listed?.participants ?? [];
  let anonymous = 0;
  const named = participants.map((p) => ({ ...p, label: p.name ?? t('retroPhones.panel.anonymous', { n: ++anonymous }) }));

  return (
    <section className={className} aria-labelledby="phones-title" data-testid="phones-panel">
      <Heading id="phones-title">{t('retroPhones.panel.title')}</Heading>
      {!isOpen ? (
        <>
          <p className="muted">{t('retroPhones.panel.intro')}</p>
          <p className="phones-warning" id="phones-warning">
            {t('retroPhones.panel.warning')}
          </p>
          {addresses && addresses.length === 0 ? (
            <p role="alert" className="error">
              {t('retroPhones.panel.noAddress')}
            </p>
          ) : (
            <div className="phones-open">
              <label htmlFor="phones-address">{t('retroPhones.panel.address')}</label>
              <select id="phones-address" value={address} onChange={(e) => setAddress(e.target.value)} disabled={!addresses || busy}>
                {(addresses ?? []).map((i) => (
                  <option key={`${i.name}-${i.address}`} value={i.address}>
                    {`${i.address} (${i.name})`}
                  </option>
                ))}
              </select>
              <button type="button" className="primary" onClick={() => void open()} disabled={!address || busy} aria-describedby="phones-warning">
                {t('retroPhones.panel.open')}
              </button>
            </div>
          )}
        </>
      ) : (
        <div className="phones-join">
          <div className="phones-join-text">
            <p className="phones-code-label">{t('retroPhones.panel.joinCode')}</p>
            <p className="phones-code" aria-label={`${t('retroPhones.panel.joinCode')} ${opened!.joinCode.split('').join(' ')}`}>
              {opened!.joinCode}
            </p>
            <p className="phones-url-label">{t('retroPhones.panel.joinUrl')}</p>
            <p className="phones-url">
              <code>{opened!.url}</code>
            </p>
          </div>
          <img className="phones-qr" src={svgImage(opened!.qrSvg)} alt={t('retroPhones.panel.qr')} width={220} height={220} />
          <p className="phones-close">
            <button type="button" onClick={() => void close()} disabled={busy}>
              {t('retroPhones.panel.close')}
            </button>
          </p>
        </div>
      )}
      {listParticipants && <Sub id="phones-participants">{t('retroPhones.panel.participants', { count: participants.length })}</Sub>}
      {!listParticipants ? null : participants.length === 0 ? (
        <p className="muted">{t('retroPhones.panel.noParticipants')}</p>
      ) : (
        <ul className="phones-participants" aria-labelledby="phones-participants">
          {named.map((p) => (
            <li key={p.id}>
              <span className="phones-name">{p.label}</span>
              <span className="muted">{p.joinedVia === 'phone' ? t('retroPhones.panel.viaPhone') : t('retroPhones.panel.viaRoom')}</span>
              <span className="muted">{t('retroPhones.panel.usedVotes', { count: p.usedVotes })}</span>
              <button type="button" className="danger" onClick={() => void remove(p.id, p.label)} disabled={busy} aria-label={t('retroPhones.panel.removeLabel', { name: p.label })}>
                {t('retroPhones.panel.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p role="status" aria-live="polite" className="phones-status">
        {status}
      </p>
      {error !== null && (
        <p role="alert" className="error">
          {errorText(error)}
        </p>
      )}
    </section>
  );
}
