import { useId, useRef, type ReactNode } from 'react';

/** The frame of a tree editor's side panel: a landmark named by its heading. The heading takes
 *  focus when the control that had it goes away (the node was removed, say), so focus stays in
 *  the panel instead of falling back to the page. */
export function SidePanel({ title, className, children }: {
  title: string;
  className?: string;
  children: (focusHeading: () => void) => ReactNode;
}) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusHeading = () => headingRef.current?.focus();
  return (
    <aside className={className ? `cause-panel ${className}` : 'cause-panel'} aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {title}
      </h3>
      {children(focusHeading)}
    </aside>
  );
}
