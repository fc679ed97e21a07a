/** Merging the features' handler slices: each message handled once; a second handler is refused at once. */
import { strict as assert } from 'node:assert';
import { allHandled, mergeSlices, slice } from '../../../src/editor/inspectorFeature';

describe('Inspector feature slices', () => {
  it('merges the slices into one table and keeps their hooks', async () => {
    const calls: string[] = [];
    const a = slice({ requests: { findRecord: () => ({ position: 4 }) }, ready: () => calls.push('a ready') });
    const b = slice({ notifications: { rescore: () => void calls.push('rescore') }, dispose: () => calls.push('b disposed') });
    const merged = mergeSlices([a, b]);
    assert.deepEqual(await merged.requests.findRecord({ type: 'findRecord', id: 1, target: '#5' }), { position: 4 });
    merged.notifications.rescore({ type: 'rescore' });
    for (const s of merged.slices) s.ready?.();
    for (const s of merged.slices) s.dispose?.();
    assert.deepEqual(calls, ['rescore', 'a ready', 'b disposed']);
  });

  it('refuses two features handling the same message', () => {
    const one = slice({ notifications: { rescore: () => undefined } });
    const two = slice({ notifications: { rescore: () => undefined } });
    assert.throws(() => mergeSlices([one, two]), /Two features handle the "rescore" message/);
    assert.throws(() => mergeSlices([slice({ requests: { rankOf: () => 0 } }), slice({ requests: { rankOf: () => 1 } })]), /"rankOf"/);
  });

  it('allHandled passes the slices through (its check is the compiler’s)', () => {
    const slices = [slice({ requests: { rankOf: () => 0 } })] as const;
    // @ts-expect-error every other request and notification is unhandled: the compiler names them.
    assert.equal(allHandled(slices), slices);
  });
});
