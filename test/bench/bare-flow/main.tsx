/**
 * The reference page of the browser benchmark (fishbone and 5 Whys): React Flow as its examples use
 * it, nothing of ours. Default nodes on a grid, default edges, controlled through
 * useNodesState/useEdgesState, fitView. Sizes come from the query string
 * (?nodes=307&edges=307&w=900&h=600) so the page matches the diagram and the canvas size it is
 * compared with. Built at bench time with Vite's JS API.
 */
import { ReactFlow, useEdgesState, useNodesState, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { createRoot } from 'react-dom/client';

const params = new URLSearchParams(location.search);
const count = Number(params.get('nodes') ?? 307);
const edgeCount = Number(params.get('edges') ?? count);
const width = Number(params.get('w') ?? 0);
const height = Number(params.get('h') ?? 0);
const columns = Math.ceil(Math.sqrt(count * 2));

const initialNodes: Node[] = Array.from({ length: count }, (_, i) => ({
  id: `n${i}`,
  position: { x: (i % columns) * 200, y: Math.floor(i / columns) * 100 },
  data: { label: `Node ${i}` },
}));

/** Short edges: each node to the one below it, then to its right-hand neighbour, until there are enough. */
const initialEdges: Edge[] = [];
for (let i = 0; i + columns < count && initialEdges.length < edgeCount; i++) initialEdges.push({ id: `v${i}`, source: `n${i}`, target: `n${i + columns}` });
for (let i = 0; i + 1 < count && initialEdges.length < edgeCount; i++) initialEdges.push({ id: `h${i}`, source: `n${i}`, target: `n${i + 1}` });

function Flow() {
  const [nodes, , onNodesChange] = useNodesState(initialNodes);
  const [edges, , onEdgesChange] = useEdgesState(initialEdges);
  return (
    <div style={{ width: width || '100vw', height: height || '100vh' }}>
      <ReactFlow nodes={nodes} edges={edges} onNodesChange={onNodesChange} onEdgesChange={onEdgesChange} fitView minZoom={0.05} maxZoom={2.5} />
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<Flow />);
