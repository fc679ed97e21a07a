/**
 * Inline editing of the shown chain: the edit session that the cards call, the edit keys, and the
 * host's `edits` notification when it names the record on show.
 */
import type { App } from '../app/app';
import type { Shortcuts } from '../keyboard/shortcuts';
import type { SampleEditHandlers } from './cardEditing';
import { EditSession, type EditParts } from './editSession';

export interface SampleEditingParts extends Pick<App, 'channel' | 'router' | 'events'>, EditParts {
  shortcuts: Shortcuts;
  /** The record on show changed on the host (an edit, undo, redo, save or revert): show it again. */
  changed(): void;
}

export function createSampleEditing(parts: SampleEditingParts): { readonly handlers: SampleEditHandlers } {
  const { channel, router, events, shortcuts } = parts;
  const edits = new EditSession(channel, parts);
  events.on('sampleShown', (detail) => edits.onShown(detail));
  router.on('edits', (message) => {
    if (edits.needsReload(message)) parts.changed();
  });
  // On the focused card, else the selected one (nothing to act on lets the key through).
  shortcuts.bind('editCard', () => edits.editCard());
  shortcuts.bind('deleteStep', () => edits.deleteStep());
  shortcuts.bind('insertStep', () => edits.insertStep());
  shortcuts.bind('moveStepUp', () => edits.moveStep(-1));
  shortcuts.bind('moveStepDown', () => edits.moveStep(1));
  shortcuts.bind('retimeStart', () => edits.retime('start'));
  shortcuts.bind('retimeEnd', () => edits.retime('end'));
  return { handlers: edits.handlers };
}
