import * as assert from 'node:assert/strict';
import type { StoredRewards } from '../../../../shared/records/datasetRecord';
import { loggedEntries, rewardEntries } from '../../../../webview/sample/rewards';

const rewards = (parts: Partial<StoredRewards>): StoredRewards => ({
  total: null,
  acc: null,
  obs: null,
  rea: null,
  fmt: null,
  advantage: null,
  logged: {},
  ...parts,
});

describe('rewardEntries', () => {
  it('is empty without rewards', () => assert.deepEqual(rewardEntries(null), []));

  it('is empty when nothing was logged', () => assert.deepEqual(rewardEntries(rewards({})), []));

  it('lists every part in the usual order', () => {
    const entries = rewardEntries(rewards({ advantage: -0.5, fmt: 1, rea: 0.25, obs: 0.123456, acc: 1, total: 2.373456 }));
    assert.deepEqual(entries, [
      { label: 'reward', value: '2.373', exact: 2.373456 },
      { label: 'acc', value: '1', exact: 1 },
      { label: 'obs', value: '0.123', exact: 0.123456 },
      { label: 'rea', value: '0.25', exact: 0.25 },
      { label: 'fmt', value: '1', exact: 1 },
      { label: 'advantage', value: '-0.5', exact: -0.5 },
    ]);
  });

  it('leaves out parts that were not logged, keeps zeros', () => {
    assert.deepEqual(rewardEntries(rewards({ total: 0, advantage: 0.1 })), [
      { label: 'reward', value: '0', exact: 0 },
      { label: 'advantage', value: '0.1', exact: 0.1 },
    ]);
  });

  it('does not list the logged fields', () => {
    assert.deepEqual(rewardEntries(rewards({ logged: { reward: 1 } })), []);
  });

  it('shows NaN as it is', () => {
    assert.deepEqual(rewardEntries(rewards({ acc: NaN })), [{ label: 'acc', value: 'NaN', exact: NaN }]);
  });
});

describe('loggedEntries', () => {
  it('is empty without rewards', () => assert.deepEqual(loggedEntries(null), []));

  it('is empty when nothing was logged', () => assert.deepEqual(loggedEntries(rewards({ total: 1 })), []));

  it('lists every logged field by its own name, sorted by name', () => {
    const entries = loggedEntries(rewards({ total: 1, logged: { reward: 0.87654, format_reward: 1, acc_reward: 0, Advantage: -1.5 } }));
    assert.deepEqual(entries, [
      { label: 'acc_reward', value: '0', exact: 0 },
      { label: 'Advantage', value: '-1.5', exact: -1.5 },
      { label: 'format_reward', value: '1', exact: 1 },
      { label: 'reward', value: '0.877', exact: 0.87654 },
    ]);
  });

  it('keeps the full value as exact', () => {
    const [entry] = loggedEntries(rewards({ logged: { r: 1 / 3 } }));
    assert.equal(entry.exact, 1 / 3);
    assert.equal(entry.value, '0.333');
  });
});
