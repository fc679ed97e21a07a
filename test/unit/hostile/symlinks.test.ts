/**
 * Files a cloned repo can ship as symbolic links: the review sidecar and a `score --jsonl` target.
 * Writing through either must never change the file the link points at.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ReviewEntry } from '../../../shared/review/review';
import { ReviewLog, reviewSidecarPath } from '../../../src/core/review/reviewSidecar';
import { repoRoot } from '../../../tools/codeServer';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

const entry: ReviewEntry = { id: 'r1', hash: 'h', status: 'rejected', note: '', time: '2026-12-07T10:00:00.000Z' };
const VICTIM = 'precious bytes\n';

describe('Symbolic links a repo can plant', () => {
  after(cleanTempFiles);

  it('the review sidecar is never appended through a link: a clear refusal, the target untouched', function () {
    if (process.platform === 'win32') this.skip(); // creating links needs privileges there
    const dir = tempDir();
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, VICTIM);
    const sidecar = reviewSidecarPath(path.join(dir, 'data.jsonl'));
    fs.symlinkSync(victim, sidecar);
    const log = ReviewLog.read(sidecar);
    assert.throws(() => log.append(entry), /symbolic link; reviews are not written through links/);
    assert.equal(fs.readFileSync(victim, 'utf8'), VICTIM);
    assert.equal(log.entryFor('r1', 'h'), null, 'a refused mark is not remembered as if saved');
  });

  it('a plain sidecar still gets one line per mark, a missing final newline repaired first', () => {
    const sidecar = reviewSidecarPath(path.join(tempDir(), 'data.jsonl'));
    fs.writeFileSync(sidecar, '{"partial":true}');
    ReviewLog.read(sidecar).append(entry);
    const lines = fs.readFileSync(sidecar, 'utf8').split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[0], '{"partial":true}');
    assert.equal((JSON.parse(lines[1]) as ReviewEntry).status, 'rejected');
    assert.equal(lines[2], '');
  });

  it('score --jsonl replaces a link at OUT instead of writing through it, and leaves no temp file', function () {
    if (process.platform === 'win32') this.skip();
    const dir = tempDir();
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, VICTIM);
    const out = path.join(dir, 'scores.jsonl');
    fs.symlinkSync(victim, out);
    const run = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'out/src/cli/main.js'), 'score', 'samples/rewatch-rollouts.jsonl', '--jsonl', out, '--index-dir', path.join(dir, 'idx')],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    assert.equal(fs.readFileSync(victim, 'utf8'), VICTIM);
    assert.equal(fs.lstatSync(out).isSymbolicLink(), false);
    assert.equal(fs.readFileSync(out, 'utf8').trim().split('\n').length, 12);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['idx', 'scores.jsonl', 'victim.txt']);
  });
});
