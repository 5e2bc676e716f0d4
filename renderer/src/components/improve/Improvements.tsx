import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Improvement } from '../../../../shared/domain/plan';
import { IMPROVEMENT_AREAS } from '../../../../shared/domain/vocabulary';
import { usePlan } from '../../state/plan';
import { Choice } from '../editor/Choice';
import { checkWith, CommitText } from '../editor/CommitText';
import { newId, runPlan } from '../execute/plan-run';
import { AddEntry } from './AddEntry';
import { OrderedEntry } from './OrderControls';

const checkText = checkWith(Improvement.shape.text);

/** Step 5's improvements to standards: process, training, staff authorisation, communication. */
export function Improvements() {
  const { t } = useTranslation();
  const items = usePlan((s) => s.doc?.improvements ?? []);
  return (
    <section className="improvements" aria-labelledby="improvements-title">
      <h3 id="improvements-title">
        {t('improve.improvements.heading')} <span className="muted">({items.length})</span>
      </h3>
      <p className="muted">{t('improve.improvements.intro')}</p>
      {items.length === 0 ? (
        <p className="muted dated-empty">{t('improve.improvements.empty')}</p>
      ) : (
        <ol className="entries">
          {items.map((item, i) => (
            <ImprovementEntry key={item.id} item={item} index={i} count={items.length} />
          ))}
        </ol>
      )}
      <AddEntry
        kinds={IMPROVEMENT_AREAS}
        prefix="enum.improvementArea"
        initialKind="process"
        keep="improvement"
        labels={{ kind: t('improve.improvements.area'), text: t('improve.improvements.newText'), add: t('improve.improvements.add') }}
        onAdd={(area, text) => runPlan({ type: 'addImprovement', index: items.length, improvement: { id: newId(), area, text } })}
      />
    </section>
  );
}

const ImprovementEntry = memo(function ImprovementEntry({ item, index, count }: { item: Improvement; index: number; count: number }) {
  const { t } = useTranslation();
  const label = t('improve.improvements.item', { n: index + 1 });
  const update = (patch: Partial<Omit<Improvement, 'id'>>) => runPlan({ type: 'updateImprovement', id: item.id, patch });
  return (
    <OrderedEntry
      index={index}
      count={count}
      label={label}
      className={`entry improvement area-${item.area}`}
      labels={{
        moveUp: t('improve.improvements.moveUp'),
        moveDown: t('improve.improvements.moveDown'),
        remove: t('improve.improvements.remove'),
        removeConfirm: t('improve.improvements.removeConfirm'),
      }}
      onMove={(to) => runPlan({ type: 'moveImprovement', id: item.id, index: to })}
      onRemove={() => runPlan({ type: 'removeImprovement', id: item.id })}
    >
      <div className="entry-row">
        <span className="entry-no" aria-hidden="true">
          {index + 1}
        </span>
        <Choice label={t('improve.improvements.area')} value={item.area} options={IMPROVEMENT_AREAS} prefix="enum.improvementArea" onChange={(area) => area && update({ area })} />
      </div>
      <CommitText key={`${item.id}:text`} label={label} value={item.text} rows={2} check={checkText} save={(text) => update({ text })} />
    </OrderedEntry>
  );
});
