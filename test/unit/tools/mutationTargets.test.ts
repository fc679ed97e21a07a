import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { changedTargets, floorFor, MUTATION_TARGETS, verdict, type Baseline } from '../../../tools/mutationTargets';

const repo = path.resolve(__dirname, '../../../..');
const entry = (score: number, sha256: string) => ({ score, sha256, date: '2026-12-07' });

describe('mutation gate (tools/mutationTargets)', () => {
  it('names only sources that exist, each with at least one test file of its own folder', () => {
    for (const target of MUTATION_TARGETS) {
      assert.ok(fs.existsSync(path.join(repo, target.file)), target.file);
      assert.ok(target.tests.length > 0, target.file);
      for (const glob of target.tests) assert.match(glob, /^out\/test\/unit\/[\w/*.-]+\.test\.js$/, glob);
    }
  });

  it('holds the floor at 90 %, or at the recorded score of a file still below it', () => {
    assert.equal(floorFor(undefined), 90);
    assert.equal(floorFor(entry(97.2, 'a')), 90);
    assert.equal(floorFor(entry(84.5, 'a')), 84.5);
  });

  it('judges a file measured now against its floor, at the floor inclusive', () => {
    assert.deepEqual(verdict('f.ts', 'new', entry(95, 'old'), 90, false), { file: 'f.ts', status: 'pass', score: 90, floor: 90, measured: true });
    assert.equal(verdict('f.ts', 'new', entry(95, 'old'), 89.9, false).status, 'fail');
    // Below the goal: the recorded 84.5 may not drop, 84.5 itself passes.
    assert.equal(verdict('f.ts', 'new', entry(84.5, 'old'), 84.5, false).status, 'pass');
    assert.equal(verdict('f.ts', 'new', entry(84.5, 'old'), 84.4, false).status, 'fail');
  });

  it('trusts a recorded score only for the very source it was measured on', () => {
    assert.deepEqual(verdict('f.ts', 'same', entry(93, 'same'), undefined, false), { file: 'f.ts', status: 'pass', score: 93, floor: 90, measured: false });
    assert.equal(verdict('f.ts', 'other', entry(93, 'same'), undefined, true).status, 'over-budget');
    assert.equal(verdict('f.ts', 'x', undefined, undefined, false).status, 'unmeasured');
  });

  it('reruns exactly the recorded files whose hash changed', () => {
    const [a, b, c] = MUTATION_TARGETS.map((t) => t.file);
    const baseline: Baseline = { [a]: entry(91, 'h1'), [b]: entry(92, 'h2') };
    const hashes = new Map([
      [a, 'h1'],
      [b, 'changed'],
      [c, 'h3'],
    ]);
    assert.deepEqual(changedTargets(hashes, baseline), [b]);
  });
});
