import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/** Move up / move down / remove for one entry of an ordered list, and Alt+Up/Down on the entry to
 *  reorder it from the keyboard. Focus stays on the control the user was on as the entry moves. */
export function OrderedEntry({ index, count, label, labels, onMove, onRemove, className, children }: {
  index: number;
  count: number;
  /** The entry's name, appended to each button's accessible name. */
  label: string;
  labels: { moveUp: string; moveDown: string; remove: string; removeConfirm: string };
  onMove: (to: number) => void;
  onRemove: () => void;
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLLIElement>(null);
  const move = (to: number) => {
    if (to < 0 || to >= count) return;
    const active = document.activeElement as HTMLElement | null;
    onMove(to);
    requestAnimationFrame(() => {
      if (active?.isConnected && !(active as HTMLButtonElement).disabled) active.focus();
      else ref.current?.querySelector<HTMLElement>('button:not(:disabled)')?.focus();
    });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    move(index + (e.key === 'ArrowUp' ? -1 : 1));
  };
  return (
    <li ref={ref} className={className} aria-label={label} onKeyDown={onKeyDown}>
      <div className="entry-body">{children}</div>
      <div className="entry-controls">
        <button type="button" onClick={() => move(index - 1)} disabled={index === 0} aria-label={`${labels.moveUp}: ${label}`} title={labels.moveUp}>
          ↑
        </button>
        <button type="button" onClick={() => move(index + 1)} disabled={index === count - 1} aria-label={`${labels.moveDown}: ${label}`} title={labels.moveDown}>
          ↓
        </button>
        <button
          type="button"
          className="danger"
          aria-label={`${labels.remove}: ${label}`}
          title={labels.remove}
          onClick={() => {
            if (window.confirm(labels.removeConfirm)) onRemove();
          }}
        >
          ✕
        </button>
      </div>
    </li>
  );
}
