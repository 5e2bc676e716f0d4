import type { Node, NodeProps } from '@xyflow/react';
import { createContext, memo, useContext, useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CauseStatus } from '../../../../shared/domain/fishbone';
import type { EdgeKind, FishboneLayout, NodeKind } from '../../../../shared/layout/fishbone';
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
  /** Tooltips of the badges, translated once for all nodes (a node does not subscribe to i18n). */
  votesLabel: string;
  hiddenLabel: string;
}

export type DiagramNode = Node<DiagramNodeData, 'diagram'>;


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
  return (
    <span className="fb-badges">
      {data.hidden > 0 && (
        <span className="fb-badge fb-badge-hidden" style={{ width: badgeWidth(data.hidden) }} title={data.hiddenLabel}>
          …{data.hidden}
        </span>
      )}
      {data.votes > 0 && (
        <span className={`fb-badge ${data.top ? 'fb-badge-top' : ''}`} style={{ width: badgeWidth(data.votes) }} title={data.votesLabel}>
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
    </div>
  );
}

/** One line of the drawing; unchanged lines skip rendering after an edit. */
const DiagramLine = memo(function DiagramLine({ kind, d }: { kind: EdgeKind; d: string }) {
  return <path className={`fb-edge fb-edge-${kind}`} d={d} fill="none" />;
});

/** The spine, bones and ribs: one SVG layer in the viewport, drawn from the layout. Lines never
 *  take pointer events and depend only on the layout, so panning and dragging never redraw them,
 *  and nodes need no connection handles. */
export const DiagramLines = memo(function DiagramLines({ layout }: { layout: FishboneLayout }) {
  return (
    <svg className="fb-lines" width={layout.width} height={layout.height} aria-hidden="true" focusable="false">
      {layout.edges.map((e) => (
        <DiagramLine key={e.id} kind={e.kind} d={e.points.map(([x, y], i) => `${i ? 'L' : 'M'}${x} ${y}`).join(' ')} />
      ))}
    </svg>
  );
});

/** Defined once, outside any component, so React Flow never remounts the nodes. */
export const nodeTypes = { diagram: memo(DiagramNodeView) };
