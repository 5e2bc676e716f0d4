import type { TFunction } from 'i18next';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { count, type TreeNode } from '../../../../shared/domain/tree';
import { Choice } from './Choice';
import { CommitText, type Check } from './CommitText';

/** What the tree editors' side panels show about one node of the tree (a fishbone cause, a 5-Whys
 *  answer): its whole text, status, root-cause mark and evidence, then the buttons to collapse and
 *  remove it. Each editor brings its own words, fields and verbs (its `NodeKit`) and adds its own
 *  fields (`afterRoot`, `children`) and buttons (`actions`). */

/** The fields both trees' nodes have. */
export interface NodeFields {
  status: string;
  isRootCause: boolean;
  evidence: string;
  collapsed: boolean;
}

/** The names of the node's fields that hold a text. */
type TextField<F> = { [K in keyof F]: F[K] extends string ? K : never }[keyof F] & string;

/** An editor's side of the node panel, one per editor. */
export interface NodeKit<F extends NodeFields> {
  /** The editor's words, by the names its catalog gives them: a field's label is `${panel}.${field}`
   *  and its hint `${panel}.${field}Hint`, a button's `${menu}.${verb}` (as in the context menu);
   *  `hidden` is the key of what a collapsed node hides, with its `count`. */
  keys: { panel: string; menu: string; hidden: string };
  fields: {
    /** The field that holds the node's text. */
    text: TextField<F>;
    statuses: readonly NonNullable<F['status']>[];
    /** Each status is translated as `${statusPrefix}.${status}`. */
    statusPrefix: string;
    checkText: Check;
    checkEvidence: Check;
  };
  /** The editor's verbs (its actions.ts). */
  actions: {
    /** Whether the node is (still) there. */
    exists(id: string): boolean;
    /** Changes the node's fields while it is still there (the panel may be saving on its way out):
     *  true when it is gone, else whether the command applied. */
    update(id: string, patch: Partial<F>): boolean;
    toggleRootCause(id: string): void;
    toggleCollapse(id: string): void;
    remove(id: string, t: TFunction): void;
  };
}

/** Changes one field of the node, if its value is another. */
export function setField<F extends NodeFields, K extends keyof F>(kit: NodeKit<F>, id: string, node: F, key: K, value: F[K]): void {
  if (node[key] !== value) kit.actions.update(id, { [key]: value } as unknown as Partial<F>);
}

/** A choice of one of the node's fields, labelled `${panel}.${field}`, each option translated as
 *  `${prefix}.${value}`. With `none` the field can be emptied; without it a value is required (see
 *  Choice). */
export function FieldChoice<F extends NodeFields, K extends keyof F & string>({ kit, id, node, field, options, prefix, none, placeholder, required }: {
  kit: NodeKit<F>;
  id: string;
  node: F;
  field: K;
  options: readonly NonNullable<F[K]>[];
  prefix: string;
  none?: string;
  placeholder?: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Choice<string>
      label={t(`${kit.keys.panel}.${field}` as string)}
      value={node[field] as string | null}
      options={options as readonly string[]}
      prefix={prefix}
      none={none}
      placeholder={placeholder}
      required={required}
      onChange={(value) => (value !== null || none !== undefined) && setField(kit, id, node, field, value as F[K])}
    />
  );
}

export function NodeDetails<F extends NodeFields, N extends F & TreeNode<N>>({ kit, id, node, focusHeading, afterRoot, actions, children }: {
  kit: NodeKit<F>;
  id: string;
  node: N;
  focusHeading: () => void;
  /** Shown under the root-cause mark. */
  afterRoot?: ReactNode;
  /** Buttons before collapse and remove. */
  actions?: ReactNode;
  /** Fields after the evidence. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { keys, fields, actions: verbs } = kit;
  const hidden = useMemo(() => count(node.children), [node]);
  const label = (field: string) => t(`${keys.panel}.${field}`);

  return (
    <div className="panel-body">
      <CommitText
        label={label(fields.text)}
        hint={label(`${fields.text}Hint`)}
        value={node[fields.text] as string}
        rows={6}
        check={fields.checkText}
        save={(text) => verbs.update(id, { [fields.text]: text } as unknown as Partial<F>)}
      />
      <FieldChoice kit={kit} id={id} node={node} field="status" options={fields.statuses} prefix={fields.statusPrefix} />
      <label className="panel-check">
        <input type="checkbox" checked={node.isRootCause} onChange={() => verbs.toggleRootCause(id)} />
        <span>{label('isRootCause')}</span>
      </label>
      {afterRoot}
      <CommitText
        label={label('evidence')}
        hint={label('evidenceHint')}
        value={node.evidence}
        check={fields.checkEvidence}
        save={(evidence) => verbs.update(id, { evidence } as Partial<F>)}
      />
      {children}
      <div className="panel-actions">
        {actions}
        {node.children.length > 0 && (
          <button type="button" onClick={() => verbs.toggleCollapse(id)}>
            {node.collapsed ? t(`${keys.menu}.expand`) : t(`${keys.menu}.collapse`)}
            {node.collapsed && <span className="muted"> ({t(keys.hidden, { count: hidden })})</span>}
          </button>
        )}
        <button
          type="button"
          className="danger"
          onClick={() => {
            verbs.remove(id, t);
            // Removed (not refused at the confirmation): the button is going away, keep focus in the panel.
            if (!verbs.exists(id)) focusHeading();
          }}
        >
          {t(`${keys.menu}.remove`)}
        </button>
      </div>
    </div>
  );
}
