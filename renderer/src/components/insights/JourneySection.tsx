import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyCell } from '../../../../shared/domain/insights';
import { isFixedTouchpoint } from '../../../../shared/domain/vocabulary';
import type { Language } from '../../../../shared/i18n/languages';
import { JOURNEYS, journeyView, OWN_STAGE, type JourneyView } from '../../../../shared/insights/journeys';
import { call } from '../../api/client';
import { describeError } from '../../i18n/errors';
import { formatNumber, formatShare } from './format';
import type { SectionProps } from './InsightsScreen';

/** The pseudo-journey of the library's own touchpoints alone (emotion scores set there apply to
 *  every journey). */
const OWN = 'own';
const SCORES = [-3, -2, -1, 0, 1, 2, 3] as const;

/** The customer journey view: a journey's stages in order, each with its touchpoints; per
 *  touchpoint its cases, a severity heat (colour and words), the top cause themes and SERVQUAL
 *  dimensions, and how customers feel there (set here). A cell opens its cases. */
export function JourneySection({ data, view, setView, drill, reload }: SectionProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const own = data.journey.ownTouchpoints;
  const selected = view.journey === OWN || JOURNEYS.some((j) => j.id === view.journey) ? view.journey! : JOURNEYS[0]!.id;
  const ownLabel = t('insightsUi.journey.ownStage');
  const journey: JourneyView | null =
    selected === OWN ? { id: OWN, name: t('insightsUi.journey.own'), stages: own.length ? [{ key: OWN_STAGE, label: ownLabel, touchpoints: [...own] }] : [] } : journeyView(selected, language, own, ownLabel);
  const cells = new Map(data.journey.cells.map((c) => [c.touchpoint, c]));

  return (
    <>
      <label className="field-inline">
        <span>{t('insightsUi.journey.choose')}</span>
        <select value={selected} onChange={(e) => setView({ journey: e.target.value })}>
          {JOURNEYS.map((j) => (
            <option key={j.id} value={j.id}>
              {j.name[language]}
            </option>
          ))}
          <option value={OWN}>{t('insightsUi.journey.own')}</option>
        </select>
      </label>
      <p className="muted">{t('insightsUi.journey.legend')}</p>
      {!journey || journey.stages.length === 0 ? (
        <p className="empty">{t('insightsUi.journey.noOwn')}</p>
      ) : (
        <ol className="journey-stages" aria-label={journey.name}>
          {journey.stages.map((stage) => (
            <li key={stage.key} className="journey-stage">
              <h3 className="journey-stage-name">{stage.label}</h3>
              <ul className="journey-cells">
                {stage.touchpoints.map((tp) => (
                  <li key={tp}>
                    <Cell
                      touchpoint={tp}
                      cell={cells.get(tp)}
                      journey={journey.id === OWN ? undefined : journey.id}
                      emotions={data.journey.emotions}
                      onOpen={(name) => drill({ dimension: 'touchpoint', key: tp }, name)}
                      onSaved={reload}
                    />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function Cell({ touchpoint, cell, journey, emotions, onOpen, onSaved }: {
  touchpoint: string;
  cell: JourneyCell | undefined;
  journey: string | undefined;
  emotions: { journey: string; touchpoint: string; score: number }[];
  onOpen(name: string): void;
  onSaved(): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const name = isFixedTouchpoint(touchpoint) ? t(`enum.touchpoint.${touchpoint}`) : touchpoint;
  const cases = cell?.cases ?? 0;
  const heat = cell?.heat.score ?? 0;
  const worst = cell?.heat.worst ?? null;
  // A score set for this journey wins over the one set for every journey.
  const own = journey ? emotions.find((e) => e.journey === journey && e.touchpoint === touchpoint) : undefined;
  const emotion = own ? own.score : (cell?.emotion ?? null);
  const id = `journey-${journey ?? 'own'}-${touchpoint}`.replace(/[^\w-]/g, '_');

  const setEmotion = async (value: string) => {
    setBusy(true);
    setError(null);
    try {
      const score = value === '' ? null : Number(value);
      await call('insights:setEmotion', journey ? { journey, touchpoint, score } : { touchpoint, score });
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className={`journey-cell${cases === 0 ? ' journey-cell-quiet' : ''}`} style={{ '--heat': heat } as CSSProperties} aria-labelledby={`${id}-name`}>
      <h4 id={`${id}-name`} className="journey-cell-name">
        {name}
      </h4>
      <button type="button" className="journey-cell-open" disabled={cases === 0} onClick={() => onOpen(name)}>
        {t('insightsUi.journey.cases', { count: cases, n: formatNumber(cases, language) })}
      </button>
      <p className="journey-heat">
        {t('insightsUi.journey.heat', { value: formatShare(heat, language) })}
        {worst ? ` · ${t('insightsUi.journey.worst', { severity: t(`enum.severity.${worst}`) })}` : ''}
      </p>
      {cell && cell.topThemes.length > 0 && (
        <p className="journey-top">
          <span className="muted">{t('insightsUi.journey.themes')}</span> {cell.topThemes.map((r) => `${r.label ?? r.key} (${formatNumber(r.count, language)})`).join(', ')}
        </p>
      )}
      {cell && cell.topServqual.length > 0 && (
        <p className="journey-top">
          <span className="muted">{t('insightsUi.journey.servqual')}</span>{' '}
          {cell.topServqual.map((r) => `${r.label ?? t(`enum.servqual.${r.key}`, { defaultValue: r.key })} (${formatNumber(r.count, language)})`).join(', ')}
        </p>
      )}
      <label className="journey-emotion">
        <span>{t('insightsUi.journey.emotion')}</span>
        <select value={emotion === null ? '' : String(emotion)} disabled={busy} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => void setEmotion(e.target.value)}>
          <option value="">{t('insightsUi.journey.emotionNone')}</option>
          {SCORES.map((s) => (
            <option key={s} value={s}>
              {t('insightsUi.journey.emotionValue', { value: s > 0 ? `+${s}` : String(s), label: t(`insightsUi.journey.emotions.e${s + 3}`) })}
            </option>
          ))}
        </select>
      </label>
      {error ? (
        <p role="alert" className="error" id={`${id}-error`}>
          {describeError(t, error)}
        </p>
      ) : null}
    </article>
  );
}
