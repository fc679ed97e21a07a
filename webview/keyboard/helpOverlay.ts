/** The "?" overlay listing every shortcut; Escape or a click outside closes it. */
import { h } from '../app/dom';
import { OTHER_KEYS, SHORTCUTS } from './keymap';
import type { Shortcuts } from './shortcuts';

export class HelpOverlay {
  readonly element: HTMLElement;
  private readonly dialog: HTMLElement;
  private returnFocus: HTMLElement | null = null;

  constructor() {
    const close = h('button', { type: 'button', class: 'help-close', 'aria-label': 'Close' }, '×');
    close.addEventListener('click', () => this.close());
    const rows = [...Object.values(SHORTCUTS).map((s) => [s.label, s.description] as [string, string]), ...OTHER_KEYS];
    this.dialog = h(
      'div',
      { class: 'help-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'help-title', tabindex: '-1' },
      h('div', { class: 'help-title-row' }, h('h2', { id: 'help-title' }, 'Keyboard shortcuts'), close),
      h(
        'table',
        {},
        h('tbody', {}, ...rows.map(([keys, description]) => h('tr', {}, h('th', { scope: 'row' }, h('kbd', {}, keys)), h('td', {}, description)))),
      ),
      h('p', { class: 'muted' }, 'Single keys work unless a text box has focus.'),
    );
    this.element = h('div', { class: 'help-overlay', 'data-testid': 'help', hidden: true }, this.dialog);
    this.element.addEventListener('click', (event) => {
      if (event.target === this.element) this.close();
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  toggle(): void {
    if (this.open) this.close();
    else this.show();
  }

  show(): void {
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.element.hidden = false;
    this.dialog.focus();
  }

  close(): void {
    if (!this.open) return;
    this.element.hidden = true;
    this.returnFocus?.focus({ preventScroll: true });
    this.returnFocus = null;
  }
}

/** The overlay with its keys: ? toggles it; while it is open only ? and Escape (both close it) do anything. */
export function createHelp(shortcuts: Shortcuts): HelpOverlay {
  const help = new HelpOverlay();
  shortcuts.guard((action) => !help.open || action === 'help' || action === 'escape');
  shortcuts.bind('help', () => help.toggle());
  shortcuts.bind('escape', () => {
    if (!help.open) return false;
    help.close();
  });
  return help;
}
