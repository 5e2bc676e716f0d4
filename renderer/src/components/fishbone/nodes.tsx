import { Handle, Position, type Edge, type EdgeProps, type Node, type NodeProps } from '@xyflow/react';
import { createContext, memo, useContext, useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CauseStatus } from '../../../../shared/domain/fishbone';
import type { NodeKind } from '../../../../shared/layout/fishbone';
import { badgeWidth } from '../../../../shared/layout/fishbone';
import { useFishbone } from '../../state/fishbone';

/** What a diagram node draws. Everything is computed by the layout; the node only paints it. */
export interface DiagramNodeData extends Record<string, unknown> {
  kind: NodeKind;
  lines: string[];
  /** The whole text, for the tooltip when the box shows it clipped. */
  full: string;
  clipped: boolean;
  status: CauseStatus | null;
  root: boolean;
  votes: number;
  top: boolean;
  hidden: number;
  hasChildren: boolean;
  editing: boolean;
  drop: 'inside' | 'before' | 'after' | null;
  side: 'top' | 'bottom' | null;
}

export type DiagramNode = Node<DiagramNodeData, 'diagram'>;

export interface DiagramEdgeData extends Record<string, unknown> {
  d: string;
  kind: 'spine' | 'bone' | 'rib';
}
export type DiagramEdge = Edge<DiagramEdgeData, 'diagram'>;

export const nodeDomId = (id: string) => `fb-node-${id}`;

/** The text box being typed into, inside the node it edits. */
function InlineEditor() {
  const { t } = useTranslation();
  const { onKeyDown, onBlur } = useContext(EditorContext);
  const text = useFishbone((s) => s.editing?.text ?? '');
  const error = useFishbone((s) => s.editing?.error ?? null);
  const setEditText = useFishbone((s) => s.setEditText);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus({ preventScroll: true });
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  return (
    <>
      <textarea
        ref={ref}
        className="fb-editor nodrag nopan nowheel"
        aria-label={t('fishbone.canvas.editLabel')}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'fb-edit-error' : undefined}
        value={text}
        onChange={(e) => setEditText(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      />
      {error && (
        <span id="fb-edit-error" role="alert" className="fb-edit-error">
          {t(`issue.${error === 'too_long' ? 'too_long' : 'required'}`, { field: t('fishbone.canvas.editLabel') })}
        </span>
      )}
    </>
  );
}

/** Keys and blur of the inline editor are handled by the canvas (it knows what comes next). */
export interface EditorHandlers {
  onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): void;
  onBlur(): void;
}
export const EditorContext = createContext<EditorHandlers>({ onKeyDown: () => {}, onBlur: () => {} });

function Badges({ data }: { data: DiagramNodeData }) {
  const { t } = useTranslation();
  return (
    <span className="fb-badges">
      {data.hidden > 0 && (
        <span className="fb-badge fb-badge-hidden" style={{ width: badgeWidth(data.hidden) }} title={t('fishbone.canvas.hiddenCauses', { count: data.hidden })}>
          …{data.hidden}
        </span>
      )}
      {data.votes > 0 && (
        <span className={`fb-badge ${data.top ? 'fb-badge-top' : ''}`} style={{ width: badgeWidth(data.votes) }} title={t('fishbone.canvas.votes', { count: data.votes })}>
          +{data.votes}
        </span>
      )}
    </span>
  );
}

function DiagramNodeView({ id, data, selected }: NodeProps<DiagramNode>) {
  const classes = [
    'fb-node',
    `fb-${data.kind}`,
    data.status ? `fb-status-${data.status}` : '',
    data.root ? 'fb-root' : '',
    data.top ? 'fb-top' : '',
    selected ? 'fb-selected' : '',
    data.drop ? `fb-drop-${data.drop}` : '',
    data.editing ? 'fb-editing' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div id={nodeDomId(id)} className={classes} title={data.clipped ? data.full : undefined}>
      <Handle type="target" position={Position.Right} isConnectable={false} className="fb-handle" />
      {data.editing ? (
        <InlineEditor />
      ) : (
        <span className="fb-text">
          {data.lines.map((line, i) => (
            <span key={i} className="fb-line">
              {line}
            </span>
          ))}
        </span>
      )}
      {data.kind === 'cause' && !data.editing && <Badges data={data} />}
      <Handle type="source" position={Position.Left} isConnectable={false} className="fb-handle" />
    </div>
  );
}

function DiagramEdgeView({ data }: EdgeProps<DiagramEdge>) {
  if (!data) return null;
  return <path className={`fb-edge fb-edge-${data.kind}`} d={data.d} fill="none" />;
}

/** Defined once, outside any component, so React Flow never remounts the nodes. */
export const nodeTypes = { diagram: memo(DiagramNodeView) };
export const edgeTypes = { diagram: memo(DiagramEdgeView) };
