import * as assert from 'node:assert/strict';
import type { RecordKind } from '../../../../shared/records/recordSummary';
import { tabAvailability } from '../../../../webview/sample/tabAvailability';

const record = (kind: RecordKind, edited = false, completions = 1) => ({ kind, edited, completions });

describe('tabAvailability', () => {
  it('a plain CoT record: neither tab', () => assert.deepEqual(tabAvailability(record('cot'), false), { group: false, diff: false }));
  it('a rollout has its group', () => assert.deepEqual(tabAvailability(record('rollout'), false), { group: true, diff: false }));
  it('an edited record has a diff', () => assert.deepEqual(tabAvailability(record('cot', true), false), { group: false, diff: true }));
  it('several completions give a diff', () => assert.deepEqual(tabAvailability(record('cot', false, 3), false), { group: false, diff: true }));
  it('a finished model run gives a diff', () => assert.deepEqual(tabAvailability(record('cot'), true), { group: false, diff: true }));
  it('an edited rollout: both', () => assert.deepEqual(tabAvailability(record('rollout', true), false), { group: true, diff: true }));
  it('one completion is no diff', () => assert.deepEqual(tabAvailability(record('caption', false, 1), false), { group: false, diff: false }));
});
