import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { findCause } from '../../../../shared/domain/fishbone';
import { useFishbone, type NodeRef } from '../../state/fishbone';
import { addCategory, addChild, addSibling, categoryOf, remove, shift, shorten, toggleCollapse, toggleRootCause, vote } from './actions';

interface Item {
  label: string;
  run(): void;
  danger?: boolean;
}

/** The right-click (or Shift+F10) menu: the same verbs as the keys, for the node it opened on. */
export function FishboneMenu({ id, x, y, onClose, onAskWhy }: { id: NodeRef; x: number; y: number; onClose(): void; onAskWhy?: (causeId: string) => void }) {
  const { t } = useTranslation();
  const fishbone = useFishbone((s) => s.doc);
  const startEdit = useFishbone((s) => s.startEdit);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, []);

  if (!fishbone) return null;
  const items: Item[] = [];
  let title = '';
  const category = categoryOf(fishbone, id);
  const found = category ? null : findCause(fishbone, id);
  if (id === 'head') {
    title = t('fishbone.head');
    items.push({ label: t('fishbone.menu.edit'), run: () => startEdit('head') });
    items.push({ label: t('fishbone.menu.addCategory'), run: () => addCategory(fishbone.categories.length, 'head') });
  } else if (category) {
    const index = fishbone.categories.indexOf(category);
    title = category.label;
    items.push({ label: t('fishbone.menu.addCause'), run: () => addChild(id) });
    items.push({ label: t('fishbone.menu.addCategory'), run: () => addSibling(id) });
    items.push({ label: t('fishbone.menu.rename'), run: () => startEdit(id) });
    if (index > 0) items.push({ label: t('fishbone.menu.moveLeft'), run: () => shift(id, -1) });
    if (index < fishbone.categories.length - 1) items.push({ label: t('fishbone.menu.moveRight'), run: () => shift(id, 1) });
    items.push({ label: t('fishbone.menu.remove'), run: () => remove(id, t), danger: true });
  } else if (found) {
    const { cause } = found;
    title = cause.text;
    items.push({ label: t('fishbone.menu.addSibling'), run: () => addSibling(id) });
    items.push({ label: t('fishbone.menu.addChild'), run: () => addChild(id) });
    items.push({ label: t('fishbone.menu.edit'), run: () => startEdit(id) });
    items.push({ label: t('fishbone.menu.voteUp'), run: () => vote(id, 1) });
    if (cause.votes > 0) items.push({ label: t('fishbone.menu.voteDown'), run: () => vote(id, -1) });
    items.push({ label: cause.isRootCause ? t('fishbone.menu.unmarkRoot') : t('fishbone.menu.markRoot'), run: () => toggleRootCause(id) });
    if (cause.children.length) items.push({ label: cause.collapsed ? t('fishbone.menu.expand') : t('fishbone.menu.collapse'), run: () => toggleCollapse(id) });
    if (found.index > 0) items.push({ label: t('fishbone.menu.moveUp'), run: () => shift(id, -1) });
    if (found.index < found.siblings.length - 1) items.push({ label: t('fishbone.menu.moveDown'), run: () => shift(id, 1) });
    if (onAskWhy) items.push({ label: t('fishbone.menu.askWhy'), run: () => onAskWhy(id) });
    items.push({ label: t('fishbone.menu.remove'), run: () => remove(id, t), danger: true });
  } else {
    return null;
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = all.indexOf(document.activeElement as HTMLElement);
    const focus = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (e.key === 'ArrowDown') focus(at + 1);
    else if (e.key === 'ArrowUp') focus(at - 1);
    else if (e.key === 'Home') focus(0);
    else if (e.key === 'End') focus(all.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      ref={ref}
      className="fb-menu"
      role="menu"
      aria-label={t('fishbone.menu.label', { text: shorten(title) })}
      style={{ left: x, top: y }}
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        if (!ref.current?.contains(e.relatedTarget as Node | null)) onClose();
      }}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className={item.danger ? 'danger subtle' : undefined}
          onClick={() => {
            onClose();
            item.run();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
