import * as assert from 'node:assert/strict';
import { Events } from '../../../../webview/app/events';

interface Map {
  opened: number;
  named: string;
}

describe('Events', () => {
  it('passes each payload to the listeners of its name, in subscription order', () => {
    const events = new Events<Map>();
    const heard: string[] = [];
    events.on('opened', (n) => heard.push(`a${n}`));
    events.on('named', (s) => heard.push(`name ${s}`));
    events.on('opened', (n) => heard.push(`b${n}`));
    events.emit('opened', 3);
    events.emit('named', 'x');
    assert.deepEqual(heard, ['a3', 'b3', 'name x']);
  });

  it('an event without listeners does nothing', () => {
    const events = new Events<Map>();
    assert.doesNotThrow(() => events.emit('opened', 1));
  });

  it('unsubscribing removes that listener only', () => {
    const events = new Events<Map>();
    const heard: number[] = [];
    const stop = events.on('opened', (n) => heard.push(n));
    events.on('opened', (n) => heard.push(n * 10));
    events.emit('opened', 1);
    stop();
    events.emit('opened', 2);
    assert.deepEqual(heard, [1, 10, 20]);
  });

  it('a listener added or removed during an emit takes effect from the next one', () => {
    const events = new Events<Map>();
    const heard: string[] = [];
    let stopLate: () => void = () => undefined;
    events.on('opened', () => {
      heard.push('first');
      stopLate();
      events.on('opened', () => heard.push('added'));
    });
    stopLate = events.on('opened', () => heard.push('late'));
    events.emit('opened', 1);
    assert.deepEqual(heard, ['first', 'late']);
    heard.length = 0;
    events.emit('opened', 2);
    assert.deepEqual(heard, ['first', 'added']);
  });

  it('a listener that throws stops the emit there, as a direct call would', () => {
    const events = new Events<Map>();
    const heard: string[] = [];
    events.on('named', () => {
      throw new Error('boom');
    });
    events.on('named', () => heard.push('after'));
    assert.throws(() => events.emit('named', 'x'), /boom/);
    assert.deepEqual(heard, []);
  });
});
