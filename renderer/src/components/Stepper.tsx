import { useTranslation } from 'react-i18next';
import { STEPS, type Step } from '../../../shared/domain/vocabulary';

/** The five handling steps. The user may open any step at any time; the case's own current step is
 *  marked separately from the one being viewed. */
export function Stepper({ viewing, current, onView }: { viewing: Step; current: Step; onView: (step: Step) => void }) {
  const { t } = useTranslation();
  const currentIndex = STEPS.indexOf(current);
  return (
    <nav className="stepper" aria-label={t('steps.label')}>
      <ol>
        {STEPS.map((step, i) => (
          <li key={step} className={`${i < currentIndex ? 'done' : ''} ${step === current ? 'current' : ''}`}>
            <button
              type="button"
              aria-current={step === viewing ? 'step' : undefined}
              onClick={() => onView(step)}
              onKeyDown={(e) => {
                if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
                e.preventDefault();
                const next = STEPS[(i + (e.key === 'ArrowRight' ? 1 : STEPS.length - 1)) % STEPS.length]!;
                onView(next);
                requestAnimationFrame(() => document.querySelector<HTMLElement>(`.stepper [data-step="${next}"]`)?.focus());
              }}
              data-step={step}
            >
              <span className="step-no" aria-hidden="true">
                {i + 1}
              </span>
              <span className="step-name">
                <span className="visually-hidden">{t('steps.number', { n: i + 1 })}: </span>
                {t(`steps.${step}`)}
              </span>
              {step === current && <span className="step-current">{t('steps.current')}</span>}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
