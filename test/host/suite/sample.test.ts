import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../../shared/protocol';
import type { VideoState } from '../../../shared/video/video';
import { openSession as openHelper, until, workspaceFile } from './helpers';

/** A session on a sample file of the workspace. */
const openSession = (name: string) => openHelper(workspaceFile(name));

function videoStates(posted: HostToWebview[], position: number): VideoState[] {
  return posted.flatMap((m) => (m.type === 'video' && m.position === position ? [m.video] : []));
}

describe('Sample view and video, in a real extension host', function () {
  this.timeout(60_000);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('pages, searches, goes to a record by number or id and ranks it in a filtered list', async () => {
    const { document, session } = await openSession('rewatch-cot.jsonl');
    try {
      const page = document.query({ offset: 10, limit: 5 });
      assert.equal(page.total, 13);
      assert.deepEqual(
        page.records.map((r) => r.position),
        [10, 11, 12],
      );
      const hits = document.query({ filter: { text: 'green' } });
      assert.ok(hits.total >= 2, `search for "green" found ${hits.total}`);
      assert.equal(document.findRecord('sample-003'), 2);
      assert.equal(document.findRecord('#5'), 4);
      assert.equal(document.findRecord('5'), 4);
      assert.equal(document.findRecord('no such id'), undefined);
      assert.equal(document.findRecord('99'), undefined);
      assert.equal(document.rankOf({ filter: { questionTypes: ['open-ended'] } }, 0), null);
      const correct = document.query({ filter: { correct: true } });
      assert.ok(correct.total >= 10, 'the sample chains mostly answer right');
      assert.ok(correct.records.every((r) => r.correct === true));
    } finally {
      session.dispose();
    }
  });

  it('builds a sample with step cards, time chips, captions from the caption file, and a direct video', async () => {
    const { session, posted } = await openSession('rewatch-cot.jsonl');
    try {
      const sample = await session.sample(0, 0);
      assert.equal(sample.id, 'sample-001');
      assert.equal(sample.correctLetter, 'C');
      assert.equal(sample.correct, true);
      assert.deepEqual(
        sample.options.map((o) => o.letter),
        ['A', 'B', 'C', 'D'],
      );
      const observation = sample.cards.find((c) => c.kind === 'observation');
      assert.ok(observation, 'an observation card');
      assert.deepEqual(
        observation.chips.map((c) => [c.start, c.end]),
        [
          [5, 12],
          [15, 22],
          [24, 28],
        ],
      );
      for (const chip of observation.chips) assert.equal(observation.text.slice(chip.from, chip.to), chip.text);
      assert.equal(sample.captions?.origin, 'rewatch-captions.json');
      assert.equal(sample.captions?.segments.length, 7);
      assert.equal(sample.duration, 30);
      const ready = await until(() => videoStates(posted, 0).find((s) => s.state === 'ready'), 'the video to be ready');
      assert.ok(ready.state === 'ready' && !ready.proxied && ready.plan.mode === 'direct', JSON.stringify(ready));
      assert.match(ready.src, /coloured-squares\.mp4$/);

      // Three thumbnails of 00:05–00:12 at the middles of its thirds, to 0.1 s: 5 + 7 × (0.5, 1.5, 2.5) / 3.
      const thumbnails = await session.thumbnails(0, 5, 12);
      assert.deepEqual(
        thumbnails.map((t) => t.time),
        [6.2, 8.5, 10.8],
      );
      for (const t of thumbnails) {
        assert.ok(t.src, `a thumbnail at ${t.time}: ${t.error}`);
        const bytes = fs.readFileSync(vscode.Uri.parse(t.src).fsPath);
        // A whole JPEG: the start-of-image marker first, the end-of-image marker last.
        assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], `the thumbnail at ${t.time} s starts as a JPEG`);
        assert.deepEqual([...bytes.subarray(-2)], [0xff, 0xd9], `the thumbnail at ${t.time} s ends as a JPEG`);
      }
    } finally {
      session.dispose();
    }
  });

  it('plays an MPEG-2 .mpg that starts at 3 s through a proxy, and shows where it looked for a missing video', async () => {
    // An earlier test may have made the proxy already (the Inspector shows the first sample on open):
    // remove it, so this one is made while the test watches.
    const earlier = await openSession('rewatch-video-cases.jsonl');
    try {
      await earlier.session.sample(0, 0);
      const cached = await until(() => videoStates(earlier.posted, 0).find((s) => s.state === 'ready'), 'the proxy', 45_000);
      if (cached.state === 'ready') fs.rmSync(vscode.Uri.parse(cached.src).fsPath, { force: true });
    } finally {
      earlier.session.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    const { session, posted, roots } = await openSession('rewatch-video-cases.jsonl');
    try {
      const proxied = await session.sample(0, 0);
      assert.equal(proxied.id, 'proxy-001');
      const ready = await until(() => videoStates(posted, 0).find((s) => s.state === 'ready'), 'the proxy', 45_000);
      assert.ok(ready.state === 'ready' && ready.proxied, JSON.stringify(ready));
      assert.equal(ready.plan.mode, 'transcode');
      assert.ok(
        ready.plan.reasons.some((r) => /MPEG-2/i.test(r)),
        ready.plan.reasons.join(', '),
      );
      assert.ok(Math.abs((ready.probe?.startTime ?? 0) - 3) < 0.1, `the source starts at ${ready.probe?.startTime}`);
      assert.ok(
        videoStates(posted, 0).some((s) => s.state === 'preparing'),
        'progress was shown while the proxy was made',
      );
      const proxy = vscode.Uri.parse(ready.src).fsPath;
      // An MP4: its first box is 'ftyp' (bytes 4–7).
      assert.equal(fs.readFileSync(proxy).subarray(4, 8).toString('latin1'), 'ftyp', `${proxy} is an MP4`);
      assert.ok(
        roots.flat().some((r) => proxy.startsWith(r)),
        'the proxy is inside the webview resource roots',
      );

      const missing = await session.sample(1, 0);
      assert.equal(missing.id, 'missing-001');
      const state = await until(() => videoStates(posted, 1).find((s) => s.state === 'missing'), 'the missing state');
      assert.ok(state.state === 'missing');
      assert.equal(state.video, 'ubgB1yelZMY/49850.19.mp4');
      assert.ok(
        state.tried.includes(path.join(path.dirname(workspaceFile('rewatch-video-cases.jsonl').fsPath), 'ubgB1yelZMY/49850.19.mp4')),
        state.tried.join('\n'),
      );
      // Its chain, read by hand: one action, one observation, the answer (only newlines between them).
      assert.deepEqual(
        missing.cards.map((c) => c.kind),
        ['action', 'observation', 'answer'],
        'the chain still shows without its video',
      );

      const grounded = await session.sample(2, 0);
      const codes = grounded.cards.flatMap((c) => c.warnings.map((w) => w.code));
      assert.ok(codes.includes('reversed-interval'), codes.join(', '));
      assert.ok(codes.includes('past-end'), codes.join(', '));

      await session.sample(3, 0);
      assert.ok(videoStates(posted, 3).some((s) => s.state === 'none'));
    } finally {
      session.dispose();
    }
  });

  it('falls back to a proxy when the player refuses a file ffprobe called playable', async () => {
    const { session, posted } = await openSession('rewatch-cot.jsonl');
    try {
      await session.sample(1, 0);
      await until(() => videoStates(posted, 1).find((s) => s.state === 'ready' && !s.proxied), 'the direct video');
      session.playbackFailed(1, 'MEDIA_ERR_SRC_NOT_SUPPORTED (test)');
      const proxied = await until(() => videoStates(posted, 1).find((s) => s.state === 'ready' && s.proxied), 'the fallback proxy', 45_000);
      assert.ok(proxied.state === 'ready' && proxied.plan.mode === 'transcode', JSON.stringify(proxied));
      assert.match(proxied.plan.reasons.join(' '), /could not play/);
      // Selecting the sample again keeps the copy instead of failing on the original once more.
      posted.length = 0;
      await session.sample(1, 0);
      const again = await until(() => videoStates(posted, 1).find((s) => s.state === 'ready'), 'the video again');
      assert.ok(again.state === 'ready' && again.proxied);
    } finally {
      session.dispose();
    }
  });

  it('shows a malformed record with its problem, and puts bad lines in the Problems panel', async () => {
    const { session } = await openSession('rewatch-cot.jsonl');
    try {
      const sample = await session.sample(12, 0);
      assert.equal(sample.summary.malformed, true);
      assert.equal(sample.cards.length, 0);
      assert.equal(sample.problems[0]?.code, 'malformed-json');
      const uri = workspaceFile('rewatch-cot.jsonl');
      const diagnostics = await until(() => {
        const found = vscode.languages.getDiagnostics(uri);
        return found.length > 0 ? found : undefined;
      }, 'diagnostics on the file');
      const malformed = diagnostics.find((d) => d.code === 'malformed-json');
      assert.ok(malformed, 'a malformed-json diagnostic');
      assert.equal(malformed.range.start.line, 12);
      assert.equal(malformed.source, 'ReWatch');
      assert.match(malformed.message, /Malformed JSON/);
    } finally {
      session.dispose();
    }
  });
});
