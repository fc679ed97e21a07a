import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VideoProbe } from '../../../shared/video/video';
import type { FfmpegTools } from '../../../src/core/video/locateFfmpeg';
import { makeProxy, progressTracker } from '../../../src/core/video/makeProxy';
import { playbackPlan } from '../../../src/core/video/playbackPlan';
import { probeVideo } from '../../../src/core/video/probe';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';
import { whenInFolder } from '../../support/folderEvents';
import { DURATION, MPG_START, keyframeTimes, testTools, testVideos } from '../helpers/videos';

describe('makeProxy', () => {
  let tools: FfmpegTools;
  before(() => (tools = testTools()));
  after(cleanTempFiles);

  describe('progressTracker', () => {
    const feed = (duration: number | null, lines: string[]) => {
      const seen: number[] = [];
      const tracker = progressTracker(duration, (f) => seen.push(f));
      lines.forEach(tracker.line);
      return { seen, tracker };
    };

    it('turns out_time_us into growing fractions, capped below 1 until the end', () => {
      const { seen, tracker } = feed(10, [
        'frame=1',
        'out_time_us=N/A',
        'out_time_us=2500000',
        'out_time_ms=2500000',
        'progress=continue',
        'out_time_us=1000000',
        'out_time_us=12000000',
        'progress=end',
      ]);
      assert.deepEqual(seen, [0.25, 0.99, 1]);
      assert.equal(tracker.seconds(), 12);
    });

    it('reads out_time_ms as microseconds (ffmpeg names it wrongly)', () => {
      assert.deepEqual(feed(4, ['out_time_ms=1000000']).seen, [0.25]);
    });

    it('reports only the end when the duration is unknown', () => {
      const { seen, tracker } = feed(null, ['out_time_us=5000000']);
      assert.deepEqual(seen, []);
      tracker.end();
      tracker.end();
      assert.deepEqual(seen, [1]);
    });

    it('clamps negative times to 0', () => {
      assert.deepEqual(feed(10, ['out_time_us=-40000', 'out_time_us=-1']).seen, [0]);
    });
  });

  /** Everything a proxy must be for the webview, checked with ffprobe. */
  async function assertPlayableProxy(file: string, source: VideoProbe, maxHeight: number): Promise<VideoProbe> {
    const probe = await probeVideo(tools, file);
    assert.equal(probe.container, 'mov,mp4,m4a,3gp,3g2,mj2');
    assert.equal(probe.videoCodec, 'h264');
    assert.equal(probe.pixelFormat, 'yuv420p');
    assert.equal(probe.faststart, true);
    assert.ok(Math.abs(probe.startTime) < 0.05, `proxy starts at ${probe.startTime}`);
    assert.ok(Math.abs((probe.duration ?? 0) - (source.duration ?? 0)) < 0.2, `durations ${probe.duration} vs ${source.duration}`);
    assert.ok((probe.height ?? Infinity) <= maxHeight);
    assert.deepEqual(playbackPlan(probe), { mode: 'direct', reasons: [] });
    return probe;
  }

  it('remuxes H.264 from Matroska, with MP3 audio when asked', async () => {
    const { h264Mkv } = await testVideos();
    const source = await probeVideo(tools, h264Mkv);
    const plan = playbackPlan(source);
    assert.deepEqual(plan, { mode: 'remux', reasons: ['Matroska/WebM container', 'AAC audio'] });
    const output = path.join(tempDir(), 'cache', 'k1', 'proxy.mp4');
    const fractions: number[] = [];
    const result = await makeProxy(tools, h264Mkv, output, plan, source, { audio: 'mp3', onProgress: (f) => fractions.push(f) });
    assert.equal(result.output, output);
    // speed is seconds of video made per second of work: the source's duration over the time it took.
    assert.ok(result.ms > 0);
    assert.ok(Math.abs(result.speed - (source.duration ?? NaN) / (result.ms / 1000)) < 1e-9, `speed ${result.speed} for ${result.ms} ms`);
    const proxy = await assertPlayableProxy(output, source, 480);
    assert.equal(proxy.audioCodec, 'mp3');
    assert.equal(proxy.width, 320, 'a remux keeps the size');
    assert.equal(fractions.at(-1), 1);
    assert.ok(
      fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f > fractions[i - 1])),
      `fractions ${fractions}`,
    );
    assert.deepEqual(fs.readdirSync(path.dirname(output)), ['proxy.mp4'], 'no partial file left');
  });

  it('remuxes H.264 with B-frames from MPEG-TS starting at ~1.4 s to a proxy starting at 0', async () => {
    const { h264Ts } = await testVideos();
    const source = await probeVideo(tools, h264Ts);
    const plan = playbackPlan(source);
    assert.deepEqual(plan, { mode: 'remux', reasons: ['MPEG-TS container', `starts at ${source.startTime.toFixed(2)} s`] });
    const output = path.join(tempDir(), 'proxy.mp4');
    await makeProxy(tools, h264Ts, output, plan, source);
    await assertPlayableProxy(output, source, 480);
    assert.equal((await keyframeTimes(output))[0], 0, 'the first frame shows at 0');
  });

  it('transcodes MPEG-2 from MPEG-PS starting at 2 s: H.264, starts at 0, keyframe every second, scaled down', async () => {
    const { mpeg2Mpg } = await testVideos();
    const source = await probeVideo(tools, mpeg2Mpg);
    assert.ok(Math.abs(source.startTime - MPG_START) < 0.1);
    const plan = playbackPlan(source);
    assert.deepEqual(plan, { mode: 'transcode', reasons: ['MPEG-2 video', 'MPEG-PS container', `starts at ${source.startTime.toFixed(2)} s`] });
    const output = path.join(tempDir(), 'proxy.mp4');
    const fractions: number[] = [];
    // 180 lines (not the default 480) so the scale filter really runs on this 240-line source.
    await makeProxy(tools, mpeg2Mpg, output, plan, source, { maxHeight: 180, onProgress: (f) => fractions.push(f) });
    const proxy = await assertPlayableProxy(output, source, 180);
    assert.deepEqual([proxy.width, proxy.height, proxy.audioCodec], [240, 180, null]);
    assert.equal(fractions.at(-1), 1);
    assert.ok(fractions.length >= 2, `fractions ${fractions}`);

    const keys = await keyframeTimes(output);
    assert.equal(keys[0], 0);
    assert.ok(keys.length >= DURATION.mpg, `keyframes at ${keys}`);
    for (let i = 1; i < keys.length; i++) assert.ok(keys[i] - keys[i - 1] <= 1.05, `keyframes at ${keys}`);
  });

  it('keeps the default 480-line cap without upscaling smaller videos', async () => {
    const { h264MoovAtEnd } = await testVideos();
    const source = await probeVideo(tools, h264MoovAtEnd);
    const output = path.join(tempDir(), 'proxy.mp4');
    await makeProxy(tools, h264MoovAtEnd, output, { mode: 'transcode', reasons: ['forced'] }, source);
    const proxy = await assertPlayableProxy(output, source, 480);
    assert.deepEqual([proxy.width, proxy.height], [320, 240]);
  });

  it('deletes the partial file and rejects with AbortError when aborted', async function () {
    if (process.platform === 'win32') return this.skip(); // needs mkfifo
    const { mpeg2Mpg } = await testVideos();
    const source = await probeVideo(tools, mpeg2Mpg);
    const dir = tempDir();
    // ffmpeg reads the video through a FIFO that never reaches EOF, so it is certainly still running
    // (with output written) when we abort, however fast this machine is. Three copies: ffmpeg
    // analyses 5 s of input before it opens the output.
    const fifo = path.join(dir, 'input.mpg');
    execFileSync('mkfifo', [fifo]);
    const output = path.join(dir, 'out', 'proxy.mp4');
    const partial = `${output}.partial.mp4`;
    fs.mkdirSync(path.dirname(output));
    const written = whenInFolder(path.dirname(output), () => fs.existsSync(partial) && fs.statSync(partial).size > 0);
    const controller = new AbortController();
    const making = makeProxy(tools, fifo, output, playbackPlan(source), source, { signal: controller.signal });
    const feeder = fs.createWriteStream(fifo).on('error', () => undefined); // EPIPE once ffmpeg is killed
    const bytes = fs.readFileSync(mpeg2Mpg);
    for (let i = 0; i < 3; i++) feeder.write(bytes);
    try {
      await written; // ffmpeg has written part of the proxy
      controller.abort();
      // The FIFO never ends, so ffmpeg never stops by itself: only the abort ends the run.
      await assert.rejects(making, { name: 'AbortError' });
    } finally {
      feeder.destroy();
    }
    assert.deepEqual(fs.readdirSync(path.dirname(output)), []);
  });

  it("deletes the partial file and rejects with ffmpeg's message when ffmpeg fails", async () => {
    const { h264Mp4 } = await testVideos();
    const source = await probeVideo(tools, h264Mp4);
    const dir = tempDir();
    const bogus = path.join(dir, 'bogus.mkv');
    fs.writeFileSync(bogus, 'not a video');
    const output = path.join(dir, 'out', 'proxy.mp4');
    await assert.rejects(makeProxy(tools, bogus, output, { mode: 'remux', reasons: [] }, source), {
      name: 'ToolError',
      message: /^ffmpeg failed \(exit code 1\): /,
    });
    assert.deepEqual(fs.readdirSync(path.dirname(output)), []);
  });
});
