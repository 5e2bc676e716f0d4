import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Lesson } from '../../../../shared/domain/plan';
import { LESSON_KINDS, SCENARIO_TYPES, TOUCHPOINTS } from '../../../../shared/domain/vocabulary';
import { usePlan } from '../../state/plan';
import { Choice } from '../editor/Choice';
import { checkWith, CommitText } from '../editor/CommitText';
import { newId, runPlan } from '../execute/plan-run';
import { AddEntry } from './AddEntry';
import { OrderedEntry } from './OrderControls';

const checkText = checkWith(Lesson.shape.text);
const checkDepartment = checkWith(Lesson.shape.appliesDepartment);

/** Step 5's lessons: what went well, what went wrong and where we got lucky, each with where it
 *  applies (department, touchpoint, scenario type). */
export function Lessons() {
  const { t } = useTranslation();
  const lessons = usePlan((s) => s.doc?.lessons ?? []);
  return (
    <section className="lessons" aria-labelledby="lessons-title">
      <h3 id="lessons-title">
        {t('improve.lessons.heading')} <span className="muted">({lessons.length})</span>
      </h3>
      <p className="muted">{t('improve.lessons.intro')}</p>
      {lessons.length === 0 ? (
        <p className="muted dated-empty">{t('improve.lessons.empty')}</p>
      ) : (
        <ol className="entries">
          {lessons.map((lesson, i) => (
            <LessonEntry key={lesson.id} lesson={lesson} index={i} count={lessons.length} />
          ))}
        </ol>
      )}
      <AddEntry
        kinds={LESSON_KINDS}
        prefix="enum.lessonKind"
        initialKind="went_well"
        keep="lesson"
        labels={{ kind: t('improve.lessons.kind'), text: t('improve.lessons.newText'), add: t('improve.lessons.add') }}
        onAdd={(kind, text) =>
          runPlan({
            type: 'addLesson',
            index: lessons.length,
            lesson: { id: newId(), kind, text, appliesDepartment: '', appliesTouchpoint: null, appliesScenario: null },
          })
        }
      />
    </section>
  );
}

const LessonEntry = memo(function LessonEntry({ lesson, index, count }: { lesson: Lesson; index: number; count: number }) {
  const { t } = useTranslation();
  const label = t('improve.lessons.item', { n: index + 1 });
  const update = (patch: Partial<Omit<Lesson, 'id'>>) => runPlan({ type: 'updateLesson', id: lesson.id, patch });
  return (
    <OrderedEntry
      index={index}
      count={count}
      label={label}
      className={`entry lesson kind-${lesson.kind}`}
      labels={{
        moveUp: t('improve.lessons.moveUp'),
        moveDown: t('improve.lessons.moveDown'),
        remove: t('improve.lessons.remove'),
        removeConfirm: t('improve.lessons.removeConfirm'),
      }}
      onMove={(to) => runPlan({ type: 'moveLesson', id: lesson.id, index: to })}
      onRemove={() => runPlan({ type: 'removeLesson', id: lesson.id })}
    >
      <div className="entry-row">
        <span className="entry-no" aria-hidden="true">
          {index + 1}
        </span>
        <Choice
          label={t('improve.lessons.kind')}
          value={lesson.kind}
          options={LESSON_KINDS}
          prefix="enum.lessonKind"
          onChange={(kind) => kind && update({ kind })}
        />
      </div>
      <CommitText key={`${lesson.id}:text`} label={label} value={lesson.text} rows={2} check={checkText} save={(text) => update({ text })} />
      <fieldset className="applies">
        <legend>{t('improve.lessons.appliesTo')}</legend>
        <CommitText
          key={`${lesson.id}:department`}
          label={t('improve.lessons.department')}
          value={lesson.appliesDepartment}
          single
          check={checkDepartment}
          save={(appliesDepartment) => update({ appliesDepartment })}
        />
        <Choice
          label={t('improve.lessons.touchpoint')}
          value={lesson.appliesTouchpoint}
          options={TOUCHPOINTS}
          prefix="enum.touchpoint"
          none={t('improve.lessons.any')}
          onChange={(appliesTouchpoint) => update({ appliesTouchpoint })}
        />
        <Choice
          label={t('improve.lessons.scenario')}
          value={lesson.appliesScenario}
          options={SCENARIO_TYPES}
          prefix="enum.scenarioType"
          none={t('improve.lessons.any')}
          onChange={(appliesScenario) => update({ appliesScenario })}
        />
      </fieldset>
    </OrderedEntry>
  );
});
