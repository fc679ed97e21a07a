import * as assert from 'node:assert/strict';
import type { GroupMember, GroupStep, Mismatch } from '../../../../shared/rewards/scores';
import { advantageMismatch, correctMark, currentMember, differingCounts, stepDiffers } from '../../../../webview/group/groupMath';

const step = (index: number, sharedBy: number): GroupStep => ({ step: index, action: 'a', observation: 'o', intervals: [], sharedBy });
const member = (position: number, completion: number, parts: Partial<GroupMember> = {}): GroupMember => ({
  position,
  completion,
  id: null,
  stored: { total: 1, acc: 1, obs: null, rea: null, fmt: null, advantage: null, logged: {} },
  correct: null,
  fmt: null,
  predicted: null,
  advantage: null,
  mismatches: [],
  steps: [],
  ...parts,
});

describe('stepDiffers', () => {
  const cases: [number, number, boolean][] = [
    [8, 8, false],
    [7, 8, true],
    [1, 8, true],
    [1, 1, false],
    [3, 2, false],
  ];
  for (const [sharedBy, members, differs] of cases)
    it(`shared by ${sharedBy} of ${members} → ${differs}`, () => assert.equal(stepDiffers({ sharedBy }, members), differs));
});

describe('differingCounts', () => {
  it('counts each member’s steps the others lack', () => {
    const members = [
      member(0, 0, { steps: [step(0, 3), step(1, 1)] }),
      member(1, 0, { steps: [step(0, 3)] }),
      member(2, 0, { steps: [step(0, 3), step(1, 2), step(2, 1)] }),
    ];
    assert.deepEqual(differingCounts({ members }), [1, 0, 2]);
  });
});

describe('advantageMismatch', () => {
  const withAdvantages = (logged: number | null, recomputed: number | null, mismatches: Mismatch[] = []): GroupMember =>
    member(0, 0, { stored: { total: 1, acc: 1, obs: null, rea: null, fmt: null, advantage: logged, logged: {} }, advantage: recomputed, mismatches });
  const cases: [string, GroupMember, boolean][] = [
    ['equal', withAdvantages(0.5, 0.5), false],
    ['rounding noise', withAdvantages(0.5, 0.50001), false],
    ['different', withAdvantages(0.5, -0.5), true],
    ['not logged', withAdvantages(null, 0.5), false],
    ['not recomputed', withAdvantages(0.5, null), false],
    ['the host says so', withAdvantages(null, null, [{ code: 'advantage', component: 'advantage', stored: 1, expected: 0, message: 'm' }]), true],
    ['another mismatch only', withAdvantages(0.5, 0.5, [{ code: 'total-formula', component: 'total', stored: 1, expected: 2, message: 'm' }]), false],
  ];
  for (const [name, m, expected] of cases) it(name, () => assert.equal(advantageMismatch(m), expected));
});

describe('correctMark', () => {
  it('marks', () => assert.deepEqual([true, false, null].map(correctMark), ['✓', '✗', '?']));
});

describe('currentMember', () => {
  const members = [member(4, 0), member(4, 1), member(9, 0)];
  const cases: [number | null, number, number][] = [
    [4, 0, 0],
    [4, 1, 1],
    [9, 0, 2],
    [9, 1, -1],
    [5, 0, -1],
    [null, 0, -1],
  ];
  for (const [position, completion, index] of cases)
    it(`#${position}/${completion} → ${index}`, () => assert.equal(currentMember({ members }, position, completion), index));
});
