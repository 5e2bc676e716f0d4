import type { Node, NodeProps } from '@xyflow/react';
import { createContext, memo, useContext, useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { badgeWidth } from '../../../../shared/layout/fishbone';

/** The nodes and lines every diagram (fishbone, 5 Whys) draws on its React Flow canvas. The layout
 *  decides every box and line; these components only paint them. */

/** What a box of a diagram looks like, whatever the diagram. */
export interface DiagramNodeData extends Record<string, unknown> {
  /** head, category, cause (fishbone); question, why (5 Whys). */
  kind: string;
  lines: string[];
  /** The whole text, for the tooltip when the box shows it clipped. */
  full: string;
  clipped: boolean;
  /** A status key, drawn by the CSS class fb-status-<status>. */
  status: string | null;
  root: boolean;
  votes: number;
  top: boolean;
  hidden: number;
  hasChildren: boolean;
  editing: boolean;
  drop: 'inside' | 'before' | 'after' | null;
  /** Tooltips of the badges, translated once for all nodes (a node does not subscribe to i18n). */
  votesLabel: string;
  hiddenLabel: string;
}

export type DiagramNode = Node<DiagramNodeData, 'diagram'>;

export const nodeDomId = (id: string) => `fb-node-${id}`;

/** The text being typed in place, and what the keys in it do: given by the canvas. */
export interface EditorHandlers {
  text: string;
  error: string | null;
  setText(text: string): void;
  onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): void;
  onBlur(): void;
}
export const EditorContext = createContext<EditorHandlers>({ text: '', error: null, setText: () => {}, onKeyDown: () => {}, onBlur: () => {} });

/** The text box being typed into, inside the node it edits. */
function InlineEditor() {
  const { t } = useTranslation();
  const { text, error, setText, onKeyDown, onBlur } = useContext(EditorContext);
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
        onChange={(e) => setText(e.target.value)}
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
      {!data.editing && (data.votes > 0 || data.hidden > 0) && <Badges data={data} />}
    </div>
  );
}

export interface DiagramLine {
  id: string;
  kind: string;
  points: Array<[number, number]>;
}

/** One line of the drawing; unchanged lines skip rendering after an edit. */
const Line = memo(function Line({ kind, d }: { kind: string; d: string }) {
  return <path className={`fb-edge fb-edge-${kind}`} d={d} fill="none" />;
});

/** All lines: one SVG layer in the viewport, drawn from the layout. Lines never take pointer
 *  events and depend only on the layout, so panning and dragging never redraw them, and nodes need
 *  no connection handles. */
export const DiagramLines = memo(function DiagramLines({ edges, width, height }: { edges: readonly DiagramLine[]; width: number; height: number }) {
  return (
    <svg className="fb-lines" width={width} height={height} aria-hidden="true" focusable="false">
      {edges.map((e) => (
        <Line key={e.id} kind={e.kind} d={e.points.map(([x, y], i) => `${i ? 'L' : 'M'}${x} ${y}`).join(' ')} />
      ))}
    </svg>
  );
});

/** Defined once, outside any component, so React Flow never remounts the nodes. */
export const nodeTypes = { diagram: memo(DiagramNodeView) };
