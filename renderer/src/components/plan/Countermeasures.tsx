import { useTranslation } from 'react-i18next';
import { useToasts } from '../Toast';
import { addAction, COUNTERMEASURES } from './model';

/** Countermeasure ideas (管理对策) for a moment of truth that went out of control, from the domain's
 *  practice: each explained in a line and added to the plan as an action with one click. */
export function Countermeasures() {
  const { t } = useTranslation();
  const show = useToasts((s) => s.show);
  return (
    <section className="plan-ideas" aria-labelledby="plan-ideas-title">
      <h3 id="plan-ideas-title">{t('plan.suggest.heading')}</h3>
      <p className="muted">{t('plan.suggest.intro')}</p>
      <ul className="plan-idea-list">
        {COUNTERMEASURES.map(({ key, kind }) => {
          const title = t(`plan.suggest.items.${key}.title`);
          const text = t(`plan.suggest.items.${key}.text`);
          return (
            <li key={key} className="plan-idea">
              <span className="plan-idea-head">
                <span className="plan-idea-title" id={`plan-idea-${key}`}>
                  {title}
                </span>
                <span className="plan-idea-kind muted">{t(`enum.actionKind.${kind}`)}</span>
              </span>
              <span className="plan-idea-text">{text}</span>
              <button
                type="button"
                aria-describedby={`plan-idea-${key}`}
                onClick={() => {
                  if (!addAction({ title, description: text, kind })) return;
                  show(t('plan.suggest.added', { title }));
                  requestAnimationFrame(() => document.querySelector<HTMLElement>('.plan-editor h4')?.focus());
                }}
              >
                {t('plan.suggest.add')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
