import * as assert from 'node:assert/strict';
import { hasOwnChain } from '../../../../webview/app/ownChain';

describe('hasOwnChain', () => {
  const detail = (kind: string, malformed = false) => ({ kind, summary: { malformed } });
  it('CoT records and rollouts', () => {
    assert.equal(hasOwnChain(detail('cot')), true);
    assert.equal(hasOwnChain(detail('rollout')), true);
  });
  it('not captions, QA, unknown or malformed records', () => {
    for (const kind of ['caption', 'qa', 'unknown']) assert.equal(hasOwnChain(detail(kind)), false, kind);
    assert.equal(hasOwnChain(detail('cot', true)), false);
  });
});
