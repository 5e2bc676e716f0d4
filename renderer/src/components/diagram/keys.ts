import type { TFunction } from 'i18next';
import type { KeyboardEvent } from 'react';

/** The editing grammar shared by the diagram and the outline: one key, one intent. Each view
 *  decides what left and right mean (in the diagram, towards or away from the head). */
export type Intent =
  | { kind: 'undo' | 'redo' | 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'moveUp' | 'moveDown' }
  | { kind: 'escape' | 'addSibling' | 'addChild' | 'edit' | 'remove' | 'collapse' | 'menu' }
  | { kind: 'type'; text: string };

export function intentOf(e: KeyboardEvent): Intent | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key;
  if (mod && (key === 'z' || key === 'Z')) return { kind: e.shiftKey ? 'redo' : 'undo' };
  if (mod && (key === 'y' || key === 'Y')) return { kind: 'redo' };
  if (e.altKey && (key === 'ArrowUp' || key === 'ArrowDown')) return { kind: key === 'ArrowUp' ? 'moveUp' : 'moveDown' };
  switch (key) {
    case 'ArrowUp':
      return { kind: 'up' };
    case 'ArrowDown':
      return { kind: 'down' };
    case 'ArrowLeft':
      return { kind: 'left' };
    case 'ArrowRight':
      return { kind: 'right' };
    case 'Home':
      return { kind: 'home' };
    case 'End':
      return { kind: 'end' };
    case 'Escape':
      return { kind: 'escape' };
    case 'Enter':
      return { kind: 'addSibling' };
    // Shift+Tab keeps its usual meaning (back to the previous control).
    case 'Tab':
      return e.shiftKey ? null : { kind: 'addChild' };
    case 'F2':
      return { kind: 'edit' };
    case 'Delete':
    case 'Backspace':
      return { kind: 'remove' };
    case ' ':
      return { kind: 'collapse' };
    case 'ContextMenu':
      return { kind: 'menu' };
    case 'F10':
      return e.shiftKey ? { kind: 'menu' } : null;
  }
  // Typing a character starts editing with it, as in a spreadsheet.
  if ([...key].length === 1 && !mod && !e.altKey) return { kind: 'type', text: key };
  return null;
}

/** The verbs of a tree editor's actions.ts that its diagram and its outline share. */
export interface EditorActions {
  shift(id: string, delta: -1 | 1): void;
  addSibling(id: string): void;
  addChild(id: string): void;
  toggleCollapse(id: string): void;
  /** Removes the node, asking first (in the words of `t`) when there is something under it. */
  remove(id: string, t: TFunction): void;
  /** Ends in-place editing: the node edited or made, or null when nothing was saved (the reason
   *  is shown in place). */
  commitEdit(): string | null;
}

/** What a tree editor can do to the selected node. */
export interface TreeVerbs {
  select(id: string | null): void;
  startEdit(id: string, text?: string): void;
  shift(id: string, delta: -1 | 1): void;
  addSibling(id: string): void;
  addChild(id: string): void;
  remove(id: string): void;
  toggleCollapse(id: string): void;
}

/** Runs an intent that edits the selected node, the same in every tree editor. Returns false for
 *  the intents that only move (which each view maps to its own geometry). */
export function runEditIntent(intent: Intent, current: string, verbs: TreeVerbs): boolean {
  switch (intent.kind) {
    case 'moveUp':
    case 'moveDown':
      verbs.shift(current, intent.kind === 'moveUp' ? -1 : 1);
      return true;
    case 'escape':
      verbs.select(null);
      return true;
    case 'addSibling':
      verbs.addSibling(current);
      return true;
    case 'addChild':
      verbs.addChild(current);
      return true;
    case 'edit':
      verbs.startEdit(current);
      return true;
    case 'remove':
      verbs.remove(current);
      return true;
    case 'collapse':
      verbs.toggleCollapse(current);
      return true;
    case 'type':
      verbs.startEdit(current, intent.text);
      return true;
    default:
      return false;
  }
}
