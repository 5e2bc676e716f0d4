import { useTranslation } from 'react-i18next';
import { findWhy } from '../../../../shared/domain/whys';
import { useWhys, type NodeRef } from '../../state/whys';
import { ContextMenu, type MenuItem } from '../diagram/ContextMenu';
import { addChild, addSibling, remove, shift, shorten, toggleCollapse, toggleRootCause } from './actions';

/** The 5-Whys menu: the same verbs as the keys, for the node it opened on. */
export function WhyMenu({ id, x, y, onClose }: { id: NodeRef; x: number; y: number; onClose(): void }) {
  const { t } = useTranslation();
  const doc = useWhys((s) => s.doc);
  const startEdit = useWhys((s) => s.startEdit);
  if (!doc) return null;
  const items: MenuItem[] = [];
  const analysis = doc.find((a) => a.id === id);
  let title = '';
  if (analysis) {
    title = analysis.question || t('whys.heading');
    items.push({ label: t('whys.menu.addChild'), run: () => addChild(id) });
    items.push({ label: t('whys.menu.edit'), run: () => startEdit(id) });
    items.push({ label: t('whys.removeAnalysis'), run: () => remove(id, t), danger: true });
  } else {
    const found = findWhy(doc, id);
    if (!found) return null;
    const { why } = found;
    title = why.answer;
    items.push({ label: t('whys.menu.addChild'), run: () => addChild(id) });
    items.push({ label: t('whys.menu.addSibling'), run: () => addSibling(id) });
    items.push({ label: t('whys.menu.edit'), run: () => startEdit(id) });
    items.push({ label: why.isRootCause ? t('whys.menu.unmarkRoot') : t('whys.menu.markRoot'), run: () => toggleRootCause(id) });
    if (why.children.length) items.push({ label: why.collapsed ? t('whys.menu.expand') : t('whys.menu.collapse'), run: () => toggleCollapse(id) });
    if (found.index > 0) items.push({ label: t('whys.menu.moveUp'), run: () => shift(id, -1) });
    if (found.index < found.siblings.length - 1) items.push({ label: t('whys.menu.moveDown'), run: () => shift(id, 1) });
    items.push({ label: t('whys.menu.remove'), run: () => remove(id, t), danger: true });
  }
  return <ContextMenu label={t('whys.menu.label', { text: shorten(title) })} items={items} x={x} y={y} onClose={onClose} />;
}
