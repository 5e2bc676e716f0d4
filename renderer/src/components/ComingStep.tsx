import { useTranslation } from 'react-i18next';
import type { Step } from '../../../shared/domain/vocabulary';

export function ComingStep({ step }: { step: Exclude<Step, 'identify'> }) {
  const { t } = useTranslation();
  return (
    <section className="coming" aria-labelledby="coming-title">
      <h2 id="coming-title">{t('steps.comingTitle', { step: t(`steps.${step}`) })}</h2>
      <p>{t(`steps.coming.${step}`)}</p>
    </section>
  );
}
