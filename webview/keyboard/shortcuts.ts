/**
 * Who handles each shortcut: every part of the page binds its own actions (keymap.ts says which keys
 * they are); `installKeyboard` then routes the key presses to them. Pure (no DOM).
 */
import type { ShortcutAction } from './keymap';

/** Runs the action; false when there is nothing to act on, so the key goes on unhandled. */
export type ShortcutHandler = () => boolean | void;

export type ShortcutTable = Partial<Record<ShortcutAction, ShortcutHandler>> & {
  /** Whether `action` may run now (false: the key goes on as if unbound). */
  guard?: (action: ShortcutAction) => boolean;
};

export class Shortcuts {
  private readonly table: ShortcutTable = {};

  /** One handler per action: binding one twice is a wiring mistake. */
  bind(action: ShortcutAction, handler: ShortcutHandler): void {
    if (this.table[action]) throw new Error(`The shortcut action "${action}" is bound twice.`);
    this.table[action] = handler;
  }

  /** Whether an action may run now (the help overlay lets only its own keys through). */
  guard(allow: (action: ShortcutAction) => boolean): void {
    this.table.guard = allow;
  }

  /** The handlers as `installKeyboard` takes them (live: later bindings count too). */
  get handlers(): Readonly<ShortcutTable> {
    return this.table;
  }
}
