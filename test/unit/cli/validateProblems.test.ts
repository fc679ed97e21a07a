/**
 * `rewatch-inspector validate` on samples/rewatch-video-cases.jsonl reports the problem engine's set:
 * listed here by hand (columns found by searching each line for the offending text), with the videos
 * probed for their durations (grounding-001 cites 00:40-00:45 and 00:42 in a 30 s video).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { Io } from '../../../src/cli/cliContext';
import { locateFfmpeg } from '../../../src/core/video/locateFfmpeg';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

const repoRoot = path.resolve(__dirname, '../../../..');
const FILE = path.join(repoRoot, 'samples/rewatch-video-cases.jsonl');
const LINES = fs.readFileSync(FILE, 'utf8').split('\n');

async function validate(...args: string[]) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), tty: false };
  const code = await main(['validate', FILE, '--json', '--index-dir', indexDir, ...args], io);
  return {
    code,
    report: JSON.parse(out) as { problems: { line: number; column: number; endColumn: number; severity: string; code: string; message: string }[] },
    err,
  };
}

/** 1-based column of the nth occurrence of `text` on the 1-based `line`. */
function columnOf(line: number, text: string, nth = 1): number {
  let index = -1;
  for (let i = 0; i < nth; i++) index = LINES[line - 1].indexOf(text, index + 1);
  assert.ok(index >= 0, `line ${line} holds "${text}" ${nth} times`);
  return index + 1;
}

const HINT = 'The observation cites no time, although its action named one: where was this seen?';
let indexDir: string;

describe('validate reports the problem engine’s set', function () {
  this.timeout(60_000);
  before(function () {
    indexDir = tempDir();
    // The past-end problems need the sample videos (npm run samples) and ffprobe.
    if ('error' in locateFfmpeg(undefined) || !fs.existsSync(path.join(repoRoot, 'samples/videos/coloured-squares.mp4'))) this.skip();
  });
  after(cleanTempFiles);

  it('on samples/rewatch-video-cases.jsonl: the listed problems, exit 1', async () => {
    const { code, report } = await validate();
    assert.equal(code, 1);
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.column, p.severity, p.code, p.message]),
      [
        [1, columnOf(1, '<observation>', 2), 'hint', 'observation-without-time', HINT],
        [2, columnOf(2, '<observation>'), 'hint', 'observation-without-time', HINT],
        [3, columnOf(3, '00:28 to 00:24'), 'warning', 'reversed-interval', 'Written end first: 00:28-00:24'],
        [3, columnOf(3, '<observation>'), 'hint', 'observation-without-time', HINT],
        [3, columnOf(3, '00:40 to 00:45'), 'warning', 'past-end', "Cites 00:40-00:45, past the video's end (00:30)"],
        [3, columnOf(3, '00:42'), 'warning', 'past-end', "Cites 00:42, past the video's end (00:30)"],
      ],
    );
    assert.deepEqual(
      report.problems.map((p) => p.endColumn - p.column),
      ['<observation>', '<observation>', '00:28 to 00:24', '<observation>', '00:40 to 00:45', '00:42'].map((t) => t.length),
    );
  });

  it('follows --severity like the setting: hints and off do not fail the file; off is not listed', async () => {
    const { code, report } = await validate('--severity', 'past-end=off', '--severity', 'reversed-interval=hint');
    assert.equal(code, 0);
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.severity, p.code]),
      [
        [1, 'hint', 'observation-without-time'],
        [2, 'hint', 'observation-without-time'],
        [3, 'hint', 'reversed-interval'],
        [3, 'hint', 'observation-without-time'],
      ],
    );
  });

  it('without probing, only what the text shows', async () => {
    const { report } = await validate('--no-probe');
    assert.deepEqual(
      report.problems.filter((p) => p.severity !== 'hint').map((p) => [p.line, p.code]),
      [[3, 'reversed-interval']],
    );
  });
});
