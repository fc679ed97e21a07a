/**
 * The Inspector's single-key shortcuts, pure (no DOM) so they can be unit tested. They stay out of the
 * way while the user types: in a text input, a select or an editable element only Escape counts.
 * Ctrl/Cmd combinations are never taken: VS Code owns them (Ctrl+Z / Ctrl+Shift+Z undo an edit).
 */

export interface Shortcut {
  /** KeyboardEvent.key values. */
  keys: string[];
  /** How the help lists the keys. */
  label: string;
  description: string;
  /** Only with Alt held (Alt+↑); other shortcuts never fire with Alt. */
  alt?: boolean;
}

export type ShortcutAction =
  | 'nextSample'
  | 'previousSample'
  | 'nextCard'
  | 'previousCard'
  | 'playPause'
  | 'previousMoment'
  | 'nextMoment'
  | 'search'
  | 'goTo'
  | 'dataset'
  | 'help'
  | 'editCard'
  | 'deleteStep'
  | 'insertStep'
  | 'moveStepUp'
  | 'moveStepDown'
  | 'retimeStart'
  | 'retimeEnd'
  | 'markReviewed'
  | 'markFixed'
  | 'markRejected'
  | 'runModel'
  | 'escape';

export const SHORTCUTS: Record<Exclude<ShortcutAction, 'escape'>, Shortcut> = {
  nextSample: { keys: ['j'], label: 'j', description: 'Next sample in the list' },
  previousSample: { keys: ['k'], label: 'k', description: 'Previous sample in the list' },
  nextCard: {
    keys: ['n'],
    label: 'n',
    description: 'Next step card with a cited time (and seek to it); while a review queue is active: next sample in the queue',
  },
  previousCard: { keys: ['p'], label: 'p', description: 'Previous step card with a cited time; while a review queue is active: previous sample in the queue' },
  playPause: { keys: [' '], label: 'Space', description: 'Play / pause the video' },
  previousMoment: { keys: ['['], label: '[', description: 'Previous cited moment' },
  nextMoment: { keys: [']'], label: ']', description: 'Next cited moment' },
  search: { keys: ['/'], label: '/', description: 'Search' },
  goTo: { keys: ['g'], label: 'g', description: 'Go to a record number or id' },
  dataset: { keys: ['d'], label: 'd', description: 'Show / hide the dataset view (reward histograms, obs-vs-rea scatter, reward by type)' },
  help: { keys: ['?'], label: '?', description: 'Show / hide this help' },
  editCard: { keys: ['e'], label: 'e', description: "Edit the selected card's text (Ctrl+Enter applies, Escape cancels)" },
  deleteStep: { keys: ['x'], label: 'x', description: "Delete the selected card's step (Ctrl+Z undoes)" },
  insertStep: { keys: ['i'], label: 'i', description: 'Insert a step after the selected card' },
  moveStepUp: { keys: ['ArrowUp'], alt: true, label: 'Alt+↑', description: "Move the selected card's step up" },
  moveStepDown: { keys: ['ArrowDown'], alt: true, label: 'Alt+↓', description: "Move the selected card's step down" },
  retimeStart: { keys: ['t'], label: 't', description: 'Set the focused (or last clicked) time chip’s start to the playhead' },
  retimeEnd: { keys: ['T'], label: 'Shift+T', description: 'Set the focused (or last clicked) time chip’s end to the playhead' },
  markReviewed: { keys: ['v'], label: 'v', description: 'Mark the sample reviewed' },
  markFixed: { keys: ['f'], label: 'f', description: 'Mark the sample fixed' },
  markRejected: { keys: ['X'], label: 'Shift+X', description: 'Mark the sample rejected' },
  runModel: {
    keys: ['r'],
    label: 'r',
    description: 'Run the model on the sample: its chain streams beside the stored one; r again (or the Cancel button) stops it',
  },
};

/** Other keys the help lists (handled by the focused element). */
export const OTHER_KEYS: [string, string][] = [
  ['↑ / ↓, PgUp / PgDn, Home / End', 'Move in the sample list (when it has focus)'],
  ['← / →, Shift+← / →', 'Move the playhead 1 s / 10 s (timeline ruler focused)'],
  ['Shift+click a time chip', 'Play the cited interval and pause at its end'],
  ['Alt+click a time chip, or its ✎', 'Re-time it (MM:SS, H:MM:SS or seconds)'],
  ['Double-click a card’s text', 'Edit it in place'],
  ['Ctrl+Enter / Escape', 'Apply / cancel the open edit'],
  ['Ctrl+Z / Ctrl+Shift+Z, Ctrl+S', 'Undo / redo an edit, save the file (VS Code’s own commands)'],
  ['Click a chart bar or cell', 'List only those samples (the chip above the list undoes it)'],
  ['Queue menu', 'Pick a review queue (lowest evidence, reward mismatches, format failures…), then walk it with n'],
  ['Escape', 'Close this help, leave the search or go-to box'],
];

/** What the shortcuts need to know about the element a key press is aimed at. */
export interface KeyTarget {
  tagName: string;
  /** An input's type. */
  type?: string;
  isContentEditable?: boolean;
}

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: KeyTarget | null;
}

const TYPING_TAGS = new Set(['textarea', 'select', 'vscode-single-select', 'vscode-multi-select', 'vscode-textfield', 'vscode-textarea']);

/** Whether typing in `target` should keep every key (text fields, selects, editable content). */
export function isTypingTarget(target: KeyTarget | null): boolean {
  if (target === null) return false;
  const tag = target.tagName.toLowerCase();
  if (TYPING_TAGS.has(tag)) return true;
  if (tag === 'input') return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes((target.type ?? 'text').toLowerCase());
  return target.isContentEditable === true;
}

/** The action a key press asks for, or undefined to let it through. */
export function shortcutFor(event: KeyPress): ShortcutAction | undefined {
  if (event.ctrlKey || event.metaKey) return undefined;
  if (event.key === 'Escape') return event.altKey ? undefined : 'escape';
  if (isTypingTarget(event.target)) return undefined;
  for (const [action, shortcut] of Object.entries(SHORTCUTS)) {
    if ((shortcut.alt ?? false) === event.altKey && shortcut.keys.includes(event.key)) return action as ShortcutAction;
  }
  return undefined;
}
