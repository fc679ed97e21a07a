import * as assert from 'node:assert/strict';
import { Shortcuts } from '../../../../webview/keyboard/shortcuts';

describe('Shortcuts', () => {
  it('starts with no handler and no guard', () => assert.deepEqual({ ...new Shortcuts().handlers }, {}));

  it('keeps the handler bound to each action', () => {
    const shortcuts = new Shortcuts();
    const calls: string[] = [];
    shortcuts.bind('nextSample', () => void calls.push('j'));
    shortcuts.bind('help', () => false);
    assert.deepEqual(Object.keys(shortcuts.handlers).sort(), ['help', 'nextSample']);
    shortcuts.handlers.nextSample?.();
    assert.deepEqual(calls, ['j']);
    assert.equal(shortcuts.handlers.help?.(), false);
  });

  it('refuses a second handler for the same action', () => {
    const shortcuts = new Shortcuts();
    shortcuts.bind('dataset', () => undefined);
    assert.throws(() => shortcuts.bind('dataset', () => undefined), /dataset/);
  });

  it('the handlers are live: a binding made after they were handed out counts', () => {
    const shortcuts = new Shortcuts();
    const handed = shortcuts.handlers;
    shortcuts.bind('search', () => undefined);
    shortcuts.guard((action) => action === 'help');
    assert.equal(typeof handed.search, 'function');
    assert.equal(handed.guard?.('help'), true);
    assert.equal(handed.guard?.('search'), false);
  });
});
