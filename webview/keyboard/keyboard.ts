/** Installs the shortcuts of keymap.ts on the window. */
import { isTypingTarget, shortcutFor, type KeyTarget, type ShortcutAction } from './keymap';

function describe(element: Element): KeyTarget {
  return {
    tagName: element.tagName,
    type: element instanceof HTMLInputElement ? element.type : undefined,
    isContentEditable: element instanceof HTMLElement ? element.isContentEditable : false,
  };
}

/**
 * What a key press is aimed at: the first element on its composed path that takes typing (a
 * vscode-single-select keeps focus inside its shadow root), else the innermost element.
 */
function keyTarget(event: KeyboardEvent): { element: Element | null; info: KeyTarget | null } {
  const elements = event.composedPath().filter((node): node is Element => node instanceof Element);
  const typing = elements.find((element) => isTypingTarget(describe(element)));
  const element = typing ?? elements[0] ?? null;
  return { element, info: element ? describe(element) : null };
}

/** Elements where Space does what the element does; `.seek-control` buttons are left to the shortcut. */
const NATIVE_SPACE = 'video, vscode-checkbox, vscode-button, vscode-collapsible, summary, a[href], button:not(.seek-control), [role=separator]';

function onNativeSpaceControl(event: KeyboardEvent): boolean {
  return event.composedPath().some((node) => node instanceof Element && node.matches(NATIVE_SPACE));
}

export type ShortcutHandlers = Partial<Record<ShortcutAction, (event: KeyboardEvent) => boolean | void>> & {
  /** Whether `action` may run now (false swallows nothing: the key goes on as if unbound). */
  guard?: (action: ShortcutAction) => boolean;
};

/** Routes shortcut keys to `handlers`; a handler returning false lets the key through. */
export function installKeyboard(handlers: ShortcutHandlers): void {
  window.addEventListener('keydown', (event) => {
    const { element, info } = keyTarget(event);
    const action = shortcutFor({ key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, target: info });
    if (action === undefined || (handlers.guard && !handlers.guard(action))) return;
    // Space keeps its native meaning on the video's own controls and on other controls (checkboxes,
    // buttons, links); on the seek controls (chips, bands, frames, caption times) it plays/pauses.
    if (action === 'playPause' && element !== null && onNativeSpaceControl(event)) return;
    const handler = handlers[action];
    if (!handler) return;
    if (handler(event) !== false) event.preventDefault();
  });
}
