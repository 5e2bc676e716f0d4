import {
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  ViewportPortal,
  useReactFlow,
  type NodeChange,
  type NodeMouseHandler,
  type OnNodeDrag,
  type Viewport,
} from '@xyflow/react';
import '@xyflow/react/dist/base.css';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { containsCause, defaultCauseFields, findCause, topVoted, type Cause, type Fishbone } from '../../../../shared/domain/fishbone';
import type { FishboneCommand } from '../../../../shared/domain/fishbone-commands';
import { layoutFishbone, type FishboneLayout, type LaidOutNode } from '../../../../shared/layout/fishbone';
import { DRAFT_ID, useFishbone, type Draft, type Editing, type NodeRef } from '../../state/fishbone';
import { addChild, addSibling, commitEdit, navigate, nodeText, readingOrder, remove, shift, shorten, toggleCollapse } from './actions';
import { FishboneMenu } from './FishboneMenu';
import { intentOf } from './keys';
import { DiagramLines, EditorContext, nodeDomId, nodeTypes, type DiagramNode } from './nodes';

type Drop = { id: string; mode: 'inside' | 'before' | 'after' };

const miniClass = (n: DiagramNode) => `fb-mini-${n.data.kind}`;

const NO_HANDLES: [] = [];
const FIT_PADDING = 0.08;
const MIN_ZOOM = 0.05;

/** The viewport that shows the whole layout in a box of the given size, as fitView would. */
export function fittedViewport(layout: FishboneLayout, width: number, height: number): Viewport {
  const zoom = Math.max(MIN_ZOOM, Math.min(1, (width * (1 - 2 * FIT_PADDING)) / layout.width, (height * (1 - 2 * FIT_PADDING)) / layout.height));
  return { x: (width - layout.width * zoom) / 2, y: (height - layout.height * zoom) / 2, zoom };
}

/** The diagram as drawn: the stored fishbone plus what is being typed (a new cause or category
 *  appears where it will go, and an edited text re-flows as it is typed). */
export function viewOf(fishbone: Fishbone, draft: Draft | null, editing: Editing | null): Fishbone {
  let view = fishbone;
  if (editing && editing.id !== DRAFT_ID && editing.id !== 'head') {
    const category = view.categories.find((c) => c.id === editing.id);
    if (category) view = { ...view, categories: view.categories.map((c) => (c === category ? { ...c, label: editing.text } : c)) };
    else view = mapCause(view, editing.id, (c) => ({ ...c, text: editing.text }));
  }
  if (draft?.kind === 'category') {
    const categories = [...view.categories];
    categories.splice(draft.index, 0, { id: DRAFT_ID, label: editing?.text ?? '', templateKey: null, causes: [] });
    view = { ...view, categories };
  } else if (draft?.kind === 'cause') {
    const cause: Cause = { ...defaultCauseFields(editing?.text ?? ''), id: DRAFT_ID, children: [] };
    const insert = (list: Cause[]) => {
      const copy = [...list];
      copy.splice(draft.index, 0, cause);
      return copy;
    };
    view = {
      ...view,
      categories: view.categories.map((c) => {
        if (c.id !== draft.categoryId) return c;
        if (draft.causeId === null) return { ...c, causes: insert(c.causes) };
        return { ...c, causes: mapList(c.causes, draft.causeId, (p) => ({ ...p, children: insert(p.children) })) };
      }),
    };
  }
  return view;
}

function mapList(list: Cause[], id: string, change: (c: Cause) => Cause): Cause[] {
  return list.map((c) => (c.id === id ? change(c) : c.children.length ? { ...c, children: mapList(c.children, id, change) } : c));
}

function mapCause(fishbone: Fishbone, id: string, change: (c: Cause) => Cause): Fishbone {
  return { ...fishbone, categories: fishbone.categories.map((c) => ({ ...c, causes: mapList(c.causes, id, change) })) };
}

function indexCauses(fishbone: Fishbone): Map<string, Cause> {
  const map = new Map<string, Cause>();
  const visit = (list: Cause[]) => {
    for (const c of list) {
      map.set(c.id, c);
      visit(c.children);
    }
  };
  for (const category of fishbone.categories) visit(category.causes);
  return map;
}

const sameLines = (a: string[], b: string[]) => a.length === b.length && a.every((l, i) => l === b[i]);

function sameNode(a: DiagramNode, b: DiagramNode): boolean {
  if (a.position.x !== b.position.x || a.position.y !== b.position.y || a.width !== b.width || a.height !== b.height) return false;
  if (a.selected !== b.selected || a.draggable !== b.draggable) return false;
  const x = a.data;
  const y = b.data;
  return (
    x.kind === y.kind &&
    x.full === y.full &&
    x.clipped === y.clipped &&
    x.status === y.status &&
    x.root === y.root &&
    x.votes === y.votes &&
    x.top === y.top &&
    x.hidden === y.hidden &&
    x.hasChildren === y.hasChildren &&
    x.editing === y.editing &&
    x.drop === y.drop &&
    x.side === y.side &&
    x.votesLabel === y.votesLabel &&
    x.hiddenLabel === y.hiddenLabel &&
    sameLines(x.lines, y.lines)
  );
}

/** React Flow nodes for the layout. Unchanged nodes keep their object, so memoised node views
 *  skip rendering: after one edit only the nodes that moved or changed draw again. */
function buildNodes(
  layout: FishboneLayout,
  causes: Map<string, Cause>,
  view: Fishbone,
  top: Set<string>,
  selected: NodeRef | null,
  editingId: NodeRef | null,
  drop: Drop | null,
  drag: { id: string; x: number; y: number } | null,
  cache: Map<string, DiagramNode>,
  fullEffect: string,
  t: TFunction,
): DiagramNode[] {
  const next = new Map<string, DiagramNode>();
  const out = layout.nodes.map((n: LaidOutNode) => {
    const cause = n.kind === 'cause' ? causes.get(n.id) : undefined;
    const full = n.kind === 'head' ? fullEffect : n.kind === 'category' ? (view.categories.find((c) => c.id === n.id)?.label ?? '') : (cause?.text ?? '');
    const candidate: DiagramNode = {
      id: n.id,
      type: 'diagram',
      position: drag && drag.id === n.id ? { x: drag.x, y: drag.y } : { x: n.x, y: n.y },
      width: n.width,
      height: n.height,
      // The layout already knows every size and no node has connection handles: saying so up front
      // spares React Flow a measuring pass that would redraw every node after the first frame.
      measured: { width: n.width, height: n.height },
      handles: NO_HANDLES,
      selected: selected === n.id,
      draggable: n.kind === 'cause' && n.id !== DRAFT_ID && editingId !== n.id,
      selectable: false,
      connectable: false,
      data: {
        kind: n.kind,
        lines: n.lines,
        full,
        clipped: n.clipped,
        status: cause?.status ?? null,
        root: cause?.isRootCause ?? false,
        votes: cause?.votes ?? 0,
        top: top.has(n.id),
        hidden: n.hidden,
        hasChildren: (cause?.children.length ?? 0) > 0,
        editing: editingId === n.id,
        drop: drop && drop.id === n.id ? drop.mode : null,
        side: n.side,
        votesLabel: cause?.votes ? t('fishbone.canvas.votes', { count: cause.votes }) : '',
        hiddenLabel: n.hidden ? t('fishbone.canvas.hiddenCauses', { count: n.hidden }) : '',
      },
    };
    const previous = cache.get(n.id);
    const node = previous && sameNode(previous, candidate) ? previous : candidate;
    next.set(n.id, node);
    return node;
  });
  cache.clear();
  for (const [k, v] of next) cache.set(k, v);
  return out;
}

/** The command a drop makes, or null when it would change nothing or is not allowed. */
export function dropCommand(fishbone: Fishbone, id: string, target: Drop): FishboneCommand | null {
  const moving = findCause(fishbone, id);
  if (!moving) return null;
  const category = fishbone.categories.find((c) => c.id === target.id);
  if (category) return { type: 'moveCause', id, parent: { categoryId: category.id, causeId: null }, index: category.causes.length };
  const onto = findCause(fishbone, target.id);
  if (!onto || target.id === id) return null;
  if (containsCause(moving.cause, target.id)) return null;
  if (target.mode === 'inside') return { type: 'moveCause', id, parent: { categoryId: onto.category.id, causeId: onto.cause.id }, index: onto.cause.children.length };
  let index = onto.index + (target.mode === 'after' ? 1 : 0);
  const sameList = onto.siblings === moving.siblings;
  if (sameList && moving.index < index) index -= 1;
  if (sameList && moving.index === index) return null;
  return { type: 'moveCause', id, parent: { categoryId: onto.category.id, causeId: onto.parent?.id ?? null }, index };
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.isContentEditable);
}

export function FishboneCanvas(props: { effect: string; onAskWhy?: (causeId: string) => void }) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas({ effect, onAskWhy }: { effect: string; onAskWhy?: (causeId: string) => void }) {
  const { t } = useTranslation();
  const fishbone = useFishbone((s) => s.doc)!;
  const selected = useFishbone((s) => s.selected);
  const editing = useFishbone((s) => s.editing);
  const draft = useFishbone((s) => s.draft);
  const { select, startEdit, cancelEdit, undo, redo } = useFishbone.getState();
  const rf = useReactFlow<DiagramNode>();
  const wrapper = useRef<HTMLDivElement>(null);
  // The first view is fitted from the layout, which already knows every box, so the diagram
  // appears fitted in its first frame instead of after React Flow has measured every node.
  const [initialViewport, setInitialViewport] = useState<Viewport | null>(null);
  const [menu, setMenu] = useState<{ id: NodeRef; x: number; y: number } | null>(null);
  const [drag, setDrag] = useState<{ id: string; x: number; y: number } | null>(null);
  const [drop, setDrop] = useState<Drop | null>(null);

  const view = useMemo(() => viewOf(fishbone, draft, editing), [fishbone, draft, editing]);
  const headText = editing?.id === 'head' ? editing.text || effect : effect;
  const layout = useMemo(() => layoutFishbone(view, headText, { wideNodeId: editing?.id ?? null }), [view, headText, editing?.id]);
  const causes = useMemo(() => indexCauses(view), [view]);
  const top = useMemo(() => topVoted(fishbone), [fishbone]);
  const boxes = useMemo(() => new Map(layout.nodes.map((n) => [n.id, n])), [layout]);
  const cache = useRef(new Map<string, DiagramNode>());
  const nodes = useMemo(
    () => buildNodes(layout, causes, view, top, selected, editing?.id ?? null, drop, drag, cache.current, headText, t),
    [layout, causes, view, top, selected, editing?.id, drop, drag, headText, t],
  );

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
    setInitialViewport(fittedViewport(layout, el.clientWidth, el.clientHeight));
  }, [initialViewport, layout]);

  const focusCanvas = useCallback(() => wrapper.current?.focus({ preventScroll: true }), []);

  // Keep the selected node on screen when the keyboard moves the selection.
  useEffect(() => {
    if (!selected) return;
    const box = boxes.get(selected);
    const el = wrapper.current;
    if (!box || !el) return;
    const { x, y, zoom } = rf.getViewport();
    const left = box.x * zoom + x;
    const topPx = box.y * zoom + y;
    const margin = 24;
    if (left < margin || topPx < margin || left + box.width * zoom > el.clientWidth - margin || topPx + box.height * zoom > el.clientHeight - margin) {
      void rf.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom, duration: 0 });
    }
  }, [selected, boxes, rf]);

  const onNodesChange = useCallback((changes: NodeChange<DiagramNode>[]) => {
    for (const change of changes) {
      if (change.type === 'position' && change.position && change.dragging) setDrag({ id: change.id, x: change.position.x, y: change.position.y });
    }
  }, []);

  const dropAt = useCallback(
    (clientX: number, clientY: number, draggedId: string): Drop | null => {
      const p = rf.screenToFlowPosition({ x: clientX, y: clientY });
      const fb = useFishbone.getState().doc;
      const moving = fb && findCause(fb, draggedId);
      for (const n of layout.nodes) {
        if (n.id === draggedId || n.kind === 'head' || n.id === DRAFT_ID) continue;
        if (p.x < n.x || p.x > n.x + n.width || p.y < n.y || p.y > n.y + n.height) continue;
        if (n.kind === 'category') return { id: n.id, mode: 'inside' };
        if (moving && containsCause(moving.cause, n.id)) return null;
        const r = (p.y - n.y) / n.height;
        return { id: n.id, mode: r < 0.3 ? 'before' : r > 0.7 ? 'after' : 'inside' };
      }
      return null;
    },
    [layout, rf],
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
      const fb = useFishbone.getState().doc;
      if (!target || !fb) return;
      const command = dropCommand(fb, node.id, target);
      if (command) {
        useFishbone.getState().run(command);
        select(node.id);
      }
      focusCanvas();
    },
    [dropAt, select, focusCanvas],
  );

  const onNodeClick: NodeMouseHandler<DiagramNode> = useCallback(
    (_e, node) => {
      if (node.id === DRAFT_ID) return;
      select(node.id);
      setMenu(null);
      focusCanvas();
    },
    [select, focusCanvas],
  );

  const onNodeDoubleClick: NodeMouseHandler<DiagramNode> = useCallback(
    (_e, node) => {
      if (node.id !== DRAFT_ID) startEdit(node.id);
    },
    [startEdit],
  );

  const openMenu = useCallback(
    (id: NodeRef, x: number, y: number) => {
      select(id);
      const rect = wrapper.current?.getBoundingClientRect();
      setMenu({ id, x: x - (rect?.left ?? 0), y: y - (rect?.top ?? 0) });
    },
    [select],
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

  const orientation = fishbone.orientation;
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (isTyping(e.target) || e.nativeEvent.isComposing || menu) return;
    const intent = intentOf(e);
    const fb = useFishbone.getState().doc;
    if (!intent || !fb) return;
    const current = useFishbone.getState().selected;
    // Tab, Escape and Enter only act on a selection: with none, Tab leaves the diagram.
    if (!current && !['undo', 'redo', 'up', 'down', 'left', 'right', 'home', 'end'].includes(intent.kind)) return;
    e.preventDefault();
    e.stopPropagation();
    const towardHead = orientation === 'head_right' ? 'right' : 'left';
    switch (intent.kind) {
      case 'undo':
        return undo();
      case 'redo':
        return redo();
      case 'up':
      case 'down':
        return select(navigate(fb, current, intent.kind));
      case 'left':
      case 'right':
        return select(navigate(fb, current, intent.kind === towardHead ? 'parent' : 'child'));
      case 'home':
        return select('head');
      case 'end':
        return select(readingOrder(fb).at(-1) ?? 'head');
      case 'moveUp':
      case 'moveDown':
        return shift(current!, intent.kind === 'moveUp' ? -1 : 1);
      case 'escape':
        return select(null);
      case 'addSibling':
        return addSibling(current!);
      case 'addChild':
        return addChild(current!);
      case 'edit':
        return startEdit(current!);
      case 'remove':
        return remove(current!, t);
      case 'collapse':
        return toggleCollapse(current!);
      case 'menu': {
        const r = document.getElementById(nodeDomId(current!))?.getBoundingClientRect();
        const box = boxes.get(current!);
        return openMenu(current!, r ? r.left + 8 : (box?.x ?? 0), r ? r.bottom : (box?.y ?? 0));
      }
      case 'type':
        return startEdit(current!, intent.text);
    }
  };

  const editorHandlers = useMemo(
    () => ({
      onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
        if (e.nativeEvent.isComposing) return;
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          if (commitEdit()) focusCanvas();
        } else if (e.key === 'Tab' && !e.shiftKey) {
          e.preventDefault();
          const id = commitEdit();
          if (id) addChild(id);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          cancelEdit();
          focusCanvas();
        }
      },
      onBlur() {
        const editingNow = useFishbone.getState().editing;
        if (!editingNow) return;
        if (editingNow.text.trim() || editingNow.id === 'head') commitEdit();
        else cancelEdit();
      },
    }),
    [cancelEdit, focusCanvas],
  );

  const fb = fishbone;
  const announce = selected && selected !== DRAFT_ID ? describeNode(fb, selected, effect, t) : '';

  return (
    <>
    <div
      ref={wrapper}
      className="fb-canvas"
      tabIndex={0}
      role="application"
      aria-label={t('fishbone.canvas.label')}
      aria-describedby="fb-canvas-help"
      onKeyDown={onKeyDown}
    >
      <div className="visually-hidden" aria-live="polite">
        {announce}
      </div>
      <EditorContext.Provider value={editorHandlers}>
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
            'controls.ariaLabel': t('fishbone.toolbar.label'),
            'controls.zoomIn.ariaLabel': t('fishbone.canvas.zoomIn'),
            'controls.zoomOut.ariaLabel': t('fishbone.canvas.zoomOut'),
            'controls.fitView.ariaLabel': t('fishbone.canvas.fit'),
            'minimap.ariaLabel': t('fishbone.canvas.minimap'),
          }}
        >
          <ViewportPortal>
            <DiagramLines layout={layout} />
          </ViewportPortal>
          <Controls showInteractive={false} />
          {showMinimap && <MiniMap pannable zoomable nodeClassName={miniClass} />}
        </ReactFlow>
        )}
      </EditorContext.Provider>
      {menu && (
        <FishboneMenu
          id={menu.id}
          x={menu.x}
          y={menu.y}
          onClose={() => {
            setMenu(null);
            focusCanvas();
          }}
          onAskWhy={onAskWhy}
        />
      )}
    </div>
    <p id="fb-canvas-help" className="fb-help">
      {t('fishbone.canvas.help')}
    </p>
    </>
  );
}

/** One sentence a screen reader says when the selection moves. */
export function describeNode(fishbone: Fishbone, id: NodeRef, effect: string, t: TFunction): string {
  const text = shorten(nodeText(fishbone, id, effect), 120);
  if (id === 'head') return `${t('fishbone.head')}: ${text}`;
  const category = fishbone.categories.find((c) => c.id === id);
  if (category) return `${t('fishbone.canvas.category')}: ${text}`;
  const found = findCause(fishbone, id);
  if (!found) return text;
  const parts = [text, t(`enum.causeStatus.${found.cause.status}`)];
  if (found.cause.isRootCause) parts.push(t('fishbone.canvas.rootCause'));
  if (found.cause.votes) parts.push(t('fishbone.canvas.votes', { count: found.cause.votes }));
  if (found.cause.collapsed && found.cause.children.length) parts.push(t('fishbone.canvas.hiddenCauses', { count: found.cause.children.length }));
  return parts.join(', ');
}
