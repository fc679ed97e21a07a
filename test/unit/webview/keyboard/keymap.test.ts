import * as assert from 'node:assert/strict';
import { OTHER_KEYS, SHORTCUTS, isTypingTarget, shortcutFor, type KeyPress, type KeyTarget, type ShortcutAction } from '../../../../webview/keyboard/keymap';

const DIV: KeyTarget = { tagName: 'DIV' };
const press = (key: string, target: KeyTarget | null = DIV, modifiers: Partial<Pick<KeyPress, 'ctrlKey' | 'metaKey' | 'altKey'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target,
  ...modifiers,
});

describe('isTypingTarget', () => {
  const cases: { name: string; target: KeyTarget | null; expected: boolean }[] = [
    { name: 'no target', target: null, expected: false },
    { name: 'a div', target: { tagName: 'DIV' }, expected: false },
    { name: 'the body', target: { tagName: 'BODY' }, expected: false },
    { name: 'a button', target: { tagName: 'BUTTON' }, expected: false },
    { name: 'a vscode-button', target: { tagName: 'VSCODE-BUTTON' }, expected: false },
    { name: 'a textarea', target: { tagName: 'TEXTAREA' }, expected: true },
    { name: 'a select', target: { tagName: 'SELECT' }, expected: true },
    { name: 'a lower-case tag name', target: { tagName: 'textarea' }, expected: true },
    { name: 'a vscode-textfield', target: { tagName: 'VSCODE-TEXTFIELD' }, expected: true },
    { name: 'a vscode-textarea', target: { tagName: 'VSCODE-TEXTAREA' }, expected: true },
    { name: 'a vscode-single-select', target: { tagName: 'VSCODE-SINGLE-SELECT' }, expected: true },
    { name: 'a vscode-multi-select', target: { tagName: 'vscode-multi-select' }, expected: true },
    { name: 'an input without a type (text)', target: { tagName: 'INPUT' }, expected: true },
    { name: 'a text input', target: { tagName: 'INPUT', type: 'text' }, expected: true },
    { name: 'a search input', target: { tagName: 'INPUT', type: 'search' }, expected: true },
    { name: 'a number input', target: { tagName: 'INPUT', type: 'number' }, expected: true },
    { name: 'a password input', target: { tagName: 'INPUT', type: 'password' }, expected: true },
    { name: 'an email input', target: { tagName: 'INPUT', type: 'email' }, expected: true },
    { name: 'a checkbox', target: { tagName: 'INPUT', type: 'checkbox' }, expected: false },
    { name: 'a checkbox in upper case', target: { tagName: 'INPUT', type: 'CHECKBOX' }, expected: false },
    { name: 'a radio button', target: { tagName: 'INPUT', type: 'radio' }, expected: false },
    { name: 'an input button', target: { tagName: 'INPUT', type: 'button' }, expected: false },
    { name: 'a submit input', target: { tagName: 'INPUT', type: 'submit' }, expected: false },
    { name: 'a reset input', target: { tagName: 'INPUT', type: 'reset' }, expected: false },
    { name: 'a range slider', target: { tagName: 'INPUT', type: 'range' }, expected: false },
    { name: 'a colour picker', target: { tagName: 'INPUT', type: 'color' }, expected: false },
    { name: 'a file input', target: { tagName: 'INPUT', type: 'file' }, expected: false },
    { name: 'editable content', target: { tagName: 'DIV', isContentEditable: true }, expected: true },
    { name: 'content that is not editable', target: { tagName: 'DIV', isContentEditable: false }, expected: false },
    { name: 'a checkbox inside editable content', target: { tagName: 'INPUT', type: 'checkbox', isContentEditable: true }, expected: false },
  ];
  for (const c of cases) it(c.name, () => assert.equal(isTypingTarget(c.target), c.expected));
});

describe('shortcutFor', () => {
  const cases: { name: string; event: KeyPress; expected: ShortcutAction | undefined }[] = [
    { name: 'j: next sample', event: press('j'), expected: 'nextSample' },
    { name: 'k: previous sample', event: press('k'), expected: 'previousSample' },
    { name: 'n: next card', event: press('n'), expected: 'nextCard' },
    { name: 'p: previous card', event: press('p'), expected: 'previousCard' },
    { name: 'Space: play/pause', event: press(' '), expected: 'playPause' },
    { name: '[: previous moment', event: press('['), expected: 'previousMoment' },
    { name: ']: next moment', event: press(']'), expected: 'nextMoment' },
    { name: '/: search', event: press('/'), expected: 'search' },
    { name: 'g: go to', event: press('g'), expected: 'goTo' },
    { name: 'd: dataset view', event: press('d'), expected: 'dataset' },
    { name: 'D is not d', event: press('D'), expected: undefined },
    { name: 'd in a text input', event: press('d', { tagName: 'INPUT', type: 'text' }), expected: undefined },
    { name: '?: help', event: press('?'), expected: 'help' },
    { name: 'r: run the model', event: press('r'), expected: 'runModel' },
    { name: 'Escape', event: press('Escape'), expected: 'escape' },
    { name: 'no target', event: press('j', null), expected: 'nextSample' },
    { name: 'a button target', event: press(' ', { tagName: 'BUTTON' }), expected: 'playPause' },
    { name: 'a checkbox target', event: press('j', { tagName: 'INPUT', type: 'checkbox' }), expected: 'nextSample' },
    { name: 'an unbound key', event: press('q'), expected: undefined },
    { name: 'e: edit the card', event: press('e'), expected: 'editCard' },
    { name: 'x: delete the step', event: press('x'), expected: 'deleteStep' },
    { name: 'i: insert a step', event: press('i'), expected: 'insertStep' },
    { name: 'Alt+↑: move the step up', event: press('ArrowUp', DIV, { altKey: true }), expected: 'moveStepUp' },
    { name: 'Alt+↓: move the step down', event: press('ArrowDown', DIV, { altKey: true }), expected: 'moveStepDown' },
    { name: '↑ without Alt stays with the focused element', event: press('ArrowUp'), expected: undefined },
    { name: 'Ctrl+Alt+↑ is not a move', event: press('ArrowUp', DIV, { altKey: true, ctrlKey: true }), expected: undefined },
    { name: 'Alt+↑ in a textarea is the textarea’s', event: press('ArrowUp', { tagName: 'TEXTAREA' }, { altKey: true }), expected: undefined },
    { name: 'Alt+↓ on a card (an article)', event: press('ArrowDown', { tagName: 'ARTICLE' }, { altKey: true }), expected: 'moveStepDown' },
    { name: 't: chip start at the playhead', event: press('t'), expected: 'retimeStart' },
    { name: 'T (Shift+t): chip end at the playhead', event: press('T'), expected: 'retimeEnd' },
    { name: 'Alt+t is nothing', event: press('t', DIV, { altKey: true }), expected: undefined },
    { name: 'v: reviewed', event: press('v'), expected: 'markReviewed' },
    { name: 'f: fixed', event: press('f'), expected: 'markFixed' },
    { name: 'X (Shift+x): rejected', event: press('X'), expected: 'markRejected' },
    { name: 'x in a textarea is typing', event: press('x', { tagName: 'TEXTAREA' }), expected: undefined },
    { name: 'e in a text input is typing', event: press('e', { tagName: 'INPUT', type: 'text' }), expected: undefined },
    { name: 't in a vscode-textarea is typing', event: press('t', { tagName: 'VSCODE-TEXTAREA' }), expected: undefined },
    { name: 'Ctrl+z is left to VS Code (undo)', event: press('z', DIV, { ctrlKey: true }), expected: undefined },
    { name: 'Ctrl+Z is left to VS Code (redo)', event: press('Z', DIV, { ctrlKey: true }), expected: undefined },
    { name: 'Cmd+z is left to VS Code', event: press('z', DIV, { metaKey: true }), expected: undefined },
    { name: 'Alt+Escape', event: press('Escape', DIV, { altKey: true }), expected: undefined },
    { name: 'a shifted letter (J) is not j', event: press('J'), expected: undefined },
    { name: 'R is not r (no run)', event: press('R'), expected: undefined },
    { name: 'arrow keys go to the focused element', event: press('ArrowDown'), expected: undefined },
    { name: 'Enter', event: press('Enter'), expected: undefined },
    { name: 'the code name "Space" is not the key', event: press('Space'), expected: undefined },
    { name: 'an empty key', event: press(''), expected: undefined },
    { name: 'typing in a text input', event: press('j', { tagName: 'INPUT', type: 'text' }), expected: undefined },
    { name: 'typing ? in a textarea', event: press('?', { tagName: 'TEXTAREA' }), expected: undefined },
    { name: 'r in a text field', event: press('r', { tagName: 'VSCODE-TEXTFIELD' }), expected: undefined },
    { name: 'Space in editable content', event: press(' ', { tagName: 'DIV', isContentEditable: true }), expected: undefined },
    { name: 'Escape in a text input still counts', event: press('Escape', { tagName: 'INPUT' }), expected: 'escape' },
    { name: 'Escape in a select still counts', event: press('Escape', { tagName: 'VSCODE-SINGLE-SELECT' }), expected: 'escape' },
    { name: 'Ctrl+j', event: press('j', DIV, { ctrlKey: true }), expected: undefined },
    { name: 'Cmd+k', event: press('k', DIV, { metaKey: true }), expected: undefined },
    { name: 'Alt+n', event: press('n', DIV, { altKey: true }), expected: undefined },
    { name: 'Ctrl+/', event: press('/', DIV, { ctrlKey: true }), expected: undefined },
    { name: 'Ctrl+Escape', event: press('Escape', DIV, { ctrlKey: true }), expected: undefined },
    { name: 'Alt+r', event: press('r', DIV, { altKey: true }), expected: undefined },
  ];
  for (const c of cases) it(c.name, () => assert.equal(shortcutFor(c.event), c.expected));

  it('maps every listed key back to its action', () => {
    for (const [action, shortcut] of Object.entries(SHORTCUTS)) {
      for (const key of shortcut.keys) assert.equal(shortcutFor(press(key, DIV, { altKey: shortcut.alt ?? false })), action, key);
    }
  });

  it('binds each key (with or without Alt) to one action, none of them Escape or z', () => {
    const keys = Object.values(SHORTCUTS).flatMap((s) => s.keys.map((key) => `${s.alt ? 'Alt+' : ''}${key}`));
    assert.equal(new Set(keys).size, keys.length);
    for (const taken of ['Escape', 'z', 'Z']) assert.ok(!keys.includes(taken), taken);
  });

  it('binds r to the model run only', () => assert.deepEqual(SHORTCUTS.runModel.keys, ['r']));

  it('labels Alt shortcuts with Alt and shifted letters with Shift', () => {
    for (const shortcut of Object.values(SHORTCUTS)) {
      if (shortcut.alt) assert.match(shortcut.label, /^Alt\+/);
      for (const key of shortcut.keys) if (/^[A-Z]$/.test(key)) assert.equal(shortcut.label, `Shift+${key}`);
    }
  });

  it('gives every shortcut a label and a description', () => {
    for (const shortcut of Object.values(SHORTCUTS)) {
      assert.ok(shortcut.keys.length > 0);
      assert.ok(shortcut.label.trim() !== '');
      assert.ok(shortcut.description.trim() !== '');
    }
    for (const [keys, description] of OTHER_KEYS) assert.ok(keys !== '' && description !== '');
  });
});
