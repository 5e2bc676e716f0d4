import {
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStoreApi,
  ViewportPortal,
  type NodeChange,
  type NodeMouseHandler,
  type OnNodeDrag,
  type Viewport,
} from '@xyflow/react';
import '@xyflow/react/dist/base.css';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Editing, NodeRef } from '../../state/command-store';
import { DRAFT_ID } from '../../state/command-store';
import { intentOf, type Intent } from './keys';
import { DiagramLines, EditorContext, nodeDomId, nodeTypes, type DiagramLine, type DiagramNode, type DiagramNodeData } from './nodes';
import './diagram.css';

/** The React Flow canvas both diagrams share: a view of a finished layout (positions are never
 *  stored), with keyboard, in-place editing, drag and drop, a context menu, zoom, fit and an
 *  overview map. What a key, a drop or a menu means is the diagram's business: it comes in as
 *  callbacks. */

export interface DiagramBox {
  id: string;
  kind: string;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
  clipped: boolean;
  hidden: number;
}

export interface DiagramShape {
  nodes: readonly DiagramBox[];
  edges: readonly DiagramLine[];
  width: number;
  height: number;
}

/** How a box looks beyond its text (status, marks, badges). */
export type NodeLook = Pick<DiagramNodeData, 'full' | 'status' | 'root' | 'votes' | 'top' | 'hasChildren' | 'votesLabel' | 'hiddenLabel'>;

export type Drop = { id: string; mode: 'inside' | 'before' | 'after' };

export interface DiagramCanvasProps {
  label: string;
  help: string;
  shape: DiagramShape;
  /** Called for every box; a new function whenever its answers may have changed (memoise it). */
  look(box: DiagramBox): NodeLook;
  selected: NodeRef | null;
  editing: Editing | null;
  /** Which boxes can be dragged, and what dropping one on another box would mean (null: nothing). */
  canDrag(box: DiagramBox): boolean;
  dropTarget(draggedId: string, over: DiagramBox, relativeY: number): Drop | null;
  onDrop(draggedId: string, drop: Drop): void;
  onSelect(id: NodeRef | null): void;
  onEdit(id: NodeRef): void;
  /** A key's intent, with the selection it applies to (null: nothing selected). */
  onIntent(intent: Intent, current: NodeRef | null): void;
  /** In-place editing: the canvas handles the keys, the diagram says what they do. */
  edit: { setText(text: string): void; commit(): NodeRef | null; addChild(id: NodeRef): void; cancel(): void; blur(): void };
  renderMenu(id: NodeRef, x: number, y: number, close: () => void): ReactNode;
  /** What a screen reader hears when the selection moves. */
  announce: string;
}

const FIT_PADDING = 0.08;
const MIN_ZOOM = 0.05;
const NO_HANDLES: [] = [];
const miniClass = (n: DiagramNode) => `fb-mini-${n.data.kind}`;
const NAVIGATION: ReadonlySet<Intent['kind']> = new Set(['undo', 'redo', 'up', 'down', 'left', 'right', 'home', 'end']);

/** The viewport that shows the whole layout in a box of the given size, as fitView would. */
export function fittedViewport(shape: { width: number; height: number }, width: number, height: number): Viewport {
  const zoom = Math.max(MIN_ZOOM, Math.min(1, (width * (1 - 2 * FIT_PADDING)) / shape.width, (height * (1 - 2 * FIT_PADDING)) / shape.height));
  return { x: (width - shape.width * zoom) / 2, y: (height - shape.height * zoom) / 2, zoom };
}

const sameLines = (a: string[], b: string[]) => a.length === b.length && a.every((l, i) => l === b[i]);

function sameNode(a: DiagramNode, b: DiagramNode): boolean {
  if (a.position.x !== b.position.x || a.position.y !== b.position.y || a.width !== b.width || a.height !== b.height) return false;
  if (a.selected !== b.selected || a.draggable !== b.draggable) return false;
  const x = a.data;
  const y = b.data;
  for (const key of Object.keys(x) as Array<keyof DiagramNodeData>) {
    if (key === 'lines') continue;
    if (x[key] !== y[key]) return false;
  }
  return sameLines(x.lines, y.lines);
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.isContentEditable);
}

export function DiagramCanvas(props: DiagramCanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas(props: DiagramCanvasProps) {
  const { label, help, shape, look, selected, editing, canDrag, dropTarget, onDrop, onSelect, onEdit, onIntent, edit, renderMenu, announce } = props;
  const { t } = useTranslation();
  const rf = useReactFlow<DiagramNode>();
  const wrapper = useRef<HTMLDivElement>(null);
  // The first view is fitted from the layout, which already knows every box, so the diagram
  // appears fitted in its first frame instead of after React Flow has measured every node.
  const [initialViewport, setInitialViewport] = useState<Viewport | null>(null);
  const [menu, setMenu] = useState<{ id: NodeRef; x: number; y: number } | null>(null);
  const [drag, setDrag] = useState<{ id: string; x: number; y: number } | null>(null);
  const [drop, setDrop] = useState<Drop | null>(null);
  const boxes = useMemo(() => new Map(shape.nodes.map((n) => [n.id, n])), [shape]);
  const editingId = editing?.id ?? null;

  // Unchanged nodes keep their object, so memoised node views skip rendering: after one edit only
  // the nodes that moved or changed draw again.
  const cache = useRef(new Map<string, DiagramNode>());
  const nodes = useMemo(() => {
    const next = new Map<string, DiagramNode>();
    const out = shape.nodes.map((box) => {
      const candidate: DiagramNode = {
        id: box.id,
        type: 'diagram',
        position: drag && drag.id === box.id ? { x: drag.x, y: drag.y } : { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        // The layout already knows every size and no node has connection handles: saying so up
        // front spares React Flow a measuring pass that would redraw every node after the first frame.
        measured: { width: box.width, height: box.height },
        handles: NO_HANDLES,
        selected: selected === box.id,
        draggable: box.id !== DRAFT_ID && editingId !== box.id && canDrag(box),
        selectable: false,
        connectable: false,
        data: {
          kind: box.kind,
          lines: box.lines,
          clipped: box.clipped,
          hidden: box.hidden,
          editing: editingId === box.id,
          drop: drop && drop.id === box.id ? drop.mode : null,
          ...look(box),
        },
      };
      const previous = cache.current.get(box.id);
      const node = previous && sameNode(previous, candidate) ? previous : candidate;
      next.set(box.id, node);
      return node;
    });
    cache.current = next;
    return out;
    // `canDrag` is stable (each diagram's drag rule never changes).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, look, selected, editingId, drop, drag]);

  // The overview map draws every node again: it comes once the diagram is up and the page is idle.
  const [showMinimap, setShowMinimap] = useState(false);
  useEffect(() => {
    if (!initialViewport || showMinimap) return;
    const idle = requestIdleCallback(() => setShowMinimap(true), { timeout: 1000 });
    return () => cancelIdleCallback(idle);
  }, [initialViewport, showMinimap]);

  useLayoutEffect(() => {
    const el = wrapper.current;
    if (initialViewport || !el) return;
    setInitialViewport(fittedViewport(shape, el.clientWidth, el.clientHeight));
  }, [initialViewport, shape]);

  const focusCanvas = useCallback(() => wrapper.current?.focus({ preventScroll: true }), []);

  // React Flow observes every node it mounts and, at the observer's first report, measures each
  // one again (forced, even when nothing changed) and re-renders every node wrapper: for 200 whys
  // that is ~40 ms inside the diagram's first frame. The layout already gave every node its size
  // (integers, as the DOM reports them) and they have no handles, so reports of a node whose size
  // is the one React Flow already has are dropped; a real change still goes through.
  const store = useStoreApi<DiagramNode>();
  useLayoutEffect(() => {
    const original = store.getState().updateNodeInternals;
    store.setState({
      updateNodeInternals: (updates, params) => {
        const { nodeLookup } = store.getState();
        const changed: typeof updates = new Map();
        for (const [id, update] of updates) {
          const node = nodeLookup.get(id);
          const el = update.nodeElement;
          if (node && !node.hidden && node.internals.handleBounds && node.measured.width === el.offsetWidth && node.measured.height === el.offsetHeight) continue;
          changed.set(id, update);
        }
        if (changed.size) original(changed, params);
      },
    });
    return () => store.setState({ updateNodeInternals: original });
  }, [store]);

  // Keep the selected node on screen when the keyboard moves the selection.
  useEffect(() => {
    if (!selected || !initialViewport) return;
    const box = boxes.get(selected);
    const el = wrapper.current;
    if (!box || !el) return;
    const { x, y, zoom } = rf.getViewport();
    const left = box.x * zoom + x;
    const top = box.y * zoom + y;
    const margin = 24;
    if (left < margin || top < margin || left + box.width * zoom > el.clientWidth - margin || top + box.height * zoom > el.clientHeight - margin) {
      void rf.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom, duration: 0 });
    }
  }, [selected, boxes, rf, initialViewport]);

  const onNodesChange = useCallback((changes: NodeChange<DiagramNode>[]) => {
    for (const change of changes) {
      if (change.type === 'position' && change.position && change.dragging) setDrag({ id: change.id, x: change.position.x, y: change.position.y });
    }
  }, []);

  const dropAt = useCallback(
    (clientX: number, clientY: number, draggedId: string): Drop | null => {
      const p = rf.screenToFlowPosition({ x: clientX, y: clientY });
      for (const box of shape.nodes) {
        if (box.id === draggedId || box.id === DRAFT_ID) continue;
        if (p.x < box.x || p.x > box.x + box.width || p.y < box.y || p.y > box.y + box.height) continue;
        return dropTarget(draggedId, box, (p.y - box.y) / box.height);
      }
      return null;
    },
    [shape, rf, dropTarget],
  );

  const onNodeDrag: OnNodeDrag<DiagramNode> = useCallback(
    (event, node) => {
      const e = event as unknown as { clientX: number; clientY: number };
      const target = dropAt(e.clientX, e.clientY, node.id);
      setDrop((d) => (d?.id === target?.id && d?.mode === target?.mode ? d : target));
    },
    [dropAt],
  );

  const onNodeDragStop: OnNodeDrag<DiagramNode> = useCallback(
    (event, node) => {
      const e = event as unknown as { clientX: number; clientY: number };
      const target = dropAt(e.clientX, e.clientY, node.id);
      setDrag(null);
      setDrop(null);
      if (target) onDrop(node.id, target);
      focusCanvas();
    },
    [dropAt, onDrop, focusCanvas],
  );

  const onNodeClick: NodeMouseHandler<DiagramNode> = useCallback(
    (_e, node) => {
      if (node.id === DRAFT_ID) return;
      onSelect(node.id);
      setMenu(null);
      focusCanvas();
    },
    [onSelect, focusCanvas],
  );

  const onNodeDoubleClick: NodeMouseHandler<DiagramNode> = useCallback(
    (_e, node) => {
      if (node.id !== DRAFT_ID) onEdit(node.id);
    },
    [onEdit],
  );

  const openMenu = useCallback(
    (id: NodeRef, x: number, y: number) => {
      onSelect(id);
      const rect = wrapper.current?.getBoundingClientRect();
      setMenu({ id, x: x - (rect?.left ?? 0), y: y - (rect?.top ?? 0) });
    },
    [onSelect],
  );

  const onNodeContextMenu: NodeMouseHandler<DiagramNode> = useCallback(
    (e, node) => {
      e.preventDefault();
      if (node.id !== DRAFT_ID) openMenu(node.id, e.clientX, e.clientY);
    },
    [openMenu],
  );

  const onPaneClick = useCallback(() => {
    setMenu(null);
    focusCanvas();
  }, [focusCanvas]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (isTyping(e.target) || e.nativeEvent.isComposing || menu) return;
    const intent = intentOf(e);
    if (!intent) return;
    // Without a selection only moving and undoing act: Tab, Enter and Escape keep their usual
    // meaning, so the keyboard can leave the diagram.
    if (!selected && !NAVIGATION.has(intent.kind)) return;
    e.preventDefault();
    e.stopPropagation();
    if (intent.kind === 'menu') {
      const r = document.getElementById(nodeDomId(selected!))?.getBoundingClientRect();
      const box = boxes.get(selected!);
      openMenu(selected!, r ? r.left + 8 : (box?.x ?? 0), r ? r.bottom : (box?.y ?? 0));
      return;
    }
    onIntent(intent, selected);
  };

  const editor = useMemo(
    () => ({
      text: editing?.text ?? '',
      error: editing?.error ?? null,
      setText: edit.setText,
      onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
        if (e.nativeEvent.isComposing) return;
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          if (edit.commit()) focusCanvas();
        } else if (e.key === 'Tab' && !e.shiftKey) {
          e.preventDefault();
          const id = edit.commit();
          if (id) edit.addChild(id);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          edit.cancel();
          focusCanvas();
        }
      },
      onBlur: edit.blur,
    }),
    [editing?.text, editing?.error, edit, focusCanvas],
  );

  return (
    <>
      <div ref={wrapper} className="fb-canvas" tabIndex={0} role="application" aria-label={label} aria-describedby="fb-canvas-help" onKeyDown={onKeyDown}>
        <div className="visually-hidden" aria-live="polite">
          {announce}
        </div>
        <EditorContext.Provider value={editor}>
          {initialViewport && (
            <ReactFlow<DiagramNode>
              nodes={nodes}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onNodeDrag={onNodeDrag}
              onNodeDragStop={onNodeDragStop}
              onNodeClick={onNodeClick}
              onNodeDoubleClick={onNodeDoubleClick}
              onNodeContextMenu={onNodeContextMenu}
              onPaneClick={onPaneClick}
              onPaneContextMenu={(e: MouseEvent | globalThis.MouseEvent) => e.preventDefault()}
              defaultViewport={initialViewport}
              fitViewOptions={{ padding: FIT_PADDING }}
              minZoom={MIN_ZOOM}
              maxZoom={2.5}
              nodesConnectable={false}
              nodesFocusable={false}
              elementsSelectable={false}
              disableKeyboardA11y
              zoomOnDoubleClick={false}
              deleteKeyCode={null}
              selectionKeyCode={null}
              multiSelectionKeyCode={null}
              proOptions={{ hideAttribution: true }}
              ariaLabelConfig={{
                'controls.ariaLabel': t('diagram.controls'),
                'controls.zoomIn.ariaLabel': t('diagram.zoomIn'),
                'controls.zoomOut.ariaLabel': t('diagram.zoomOut'),
                'controls.fitView.ariaLabel': t('diagram.fit'),
                'minimap.ariaLabel': t('diagram.minimap'),
              }}
            >
              <ViewportPortal>
                <DiagramLines edges={shape.edges} width={shape.width} height={shape.height} />
              </ViewportPortal>
              <Controls showInteractive={false} />
              {showMinimap && <MiniMap pannable zoomable nodeClassName={miniClass} />}
            </ReactFlow>
          )}
        </EditorContext.Provider>
        {menu &&
          renderMenu(menu.id, menu.x, menu.y, () => {
            setMenu(null);
            focusCanvas();
          })}
      </div>
      <p id="fb-canvas-help" className="fb-help">
        {help}
      </p>
    </>
  );
}
