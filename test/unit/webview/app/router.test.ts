import * as assert from 'node:assert/strict';
import { HostToWebview } from '../../../../shared/protocol';
import { NotificationRouter, type HostNotification } from '../../../../webview/app/router';

const judgeStatus: HostNotification = { type: 'judgeStatus', configured: true };
const judgeProgress: HostNotification = { type: 'judgeProgress', position: 4, done: 1, total: 3 };
const edits: HostNotification = { type: 'edits', edited: [2, 7], changed: [7], dirty: true };
const stale: HostNotification = { type: 'sampleStale' };

describe('NotificationRouter', () => {
  it('the test messages are real host notifications', () => {
    for (const message of [judgeStatus, judgeProgress, edits, stale]) assert.equal(HostToWebview.safeParse(message).success, true, message.type);
  });

  it('hands a notification to the subscribers of its type only', () => {
    const router = new NotificationRouter();
    const heard: string[] = [];
    router.on('judgeStatus', () => heard.push('judgeStatus'));
    router.on('judgeProgress', () => heard.push('judgeProgress'));
    router.on('edits', () => heard.push('edits'));
    router.deliver(judgeProgress);
    assert.deepEqual(heard, ['judgeProgress']);
    router.deliver(edits);
    assert.deepEqual(heard, ['judgeProgress', 'edits']);
  });

  it('hands over the message itself, typed by its type', () => {
    const router = new NotificationRouter();
    const positions: number[] = [];
    let changed: readonly number[] = [];
    // The handlers read fields only their own type has (a compile-time check as much as a runtime one).
    router.on('judgeProgress', (message) => positions.push(message.position, message.done, message.total));
    router.on('edits', (message) => {
      changed = message.changed;
    });
    router.deliver(judgeProgress);
    router.deliver(edits);
    assert.deepEqual(positions, [4, 1, 3]);
    assert.deepEqual(changed, [7]);
  });

  it('calls every subscriber of a type once, in the order they subscribed', () => {
    const router = new NotificationRouter();
    const heard: string[] = [];
    router.on('sampleStale', () => heard.push('first'));
    router.on('sampleStale', () => heard.push('second'));
    router.on('sampleStale', () => heard.push('third'));
    router.deliver(stale);
    assert.deepEqual(heard, ['first', 'second', 'third']);
  });

  it('drops a notification nobody subscribed to', () => {
    const router = new NotificationRouter();
    const heard: string[] = [];
    router.on('edits', () => heard.push('edits'));
    assert.doesNotThrow(() => router.deliver(judgeStatus));
    assert.deepEqual(heard, []);
  });

  it('unsubscribing stops that handler only', () => {
    const router = new NotificationRouter();
    const heard: string[] = [];
    const stop = router.on('judgeStatus', () => heard.push('a'));
    router.on('judgeStatus', () => heard.push('b'));
    router.deliver(judgeStatus);
    stop();
    router.deliver(judgeStatus);
    assert.deepEqual(heard, ['a', 'b', 'b']);
  });

  it('the same handler subscribed twice runs twice, and each unsubscribe removes one', () => {
    const router = new NotificationRouter();
    let count = 0;
    const handler = (): void => {
      count++;
    };
    const stopFirst = router.on('sampleStale', handler);
    router.on('sampleStale', handler);
    router.deliver(stale);
    assert.equal(count, 2);
    stopFirst();
    stopFirst();
    router.deliver(stale);
    assert.equal(count, 3);
  });
});
