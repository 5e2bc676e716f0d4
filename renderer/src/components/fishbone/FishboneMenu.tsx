import { useTranslation } from 'react-i18next';
import { findCause } from '../../../../shared/domain/fishbone';
import { useFishbone, type NodeRef } from '../../state/fishbone';
import { ContextMenu, type MenuItem } from '../diagram/ContextMenu';
import { addCategory, addChild, addSibling, categoryOf, remove, shift, shorten, toggleCollapse, toggleRootCause, vote } from './actions';


/** The right-click (or Shift+F10) menu: the same verbs as the keys, for the node it opened on. */
export function FishboneMenu({ id, x, y, onClose, onAskWhy }: { id: NodeRef; x: number; y: number; onClose(): void; onAskWhy?: (causeId: string) => void }) {
  const { t } = useTranslation();
  const fishbone = useFishbone((s) => s.doc);
  const startEdit = useFishbone((s) => s.startEdit);
  if (!fishbone) return null;
  const items: MenuItem[] = [];
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

  return <ContextMenu label={t('fishbone.menu.label', { text: shorten(title) })} items={items} x={x} y={y} onClose={onClose} />;
}
