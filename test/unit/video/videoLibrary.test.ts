import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NoFfmpegError, VideoLibrary } from '../../../src/core/video/videoLibrary';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';
import { MPG_START, testTools, testVideos } from '../helpers/videos';

const options = { maxHeight: 480, audio: 'none' as const };

describe('VideoLibrary (real ffmpeg)', function () {
  this.timeout(60_000);
  after(cleanTempFiles);

  it('plays H.264 MP4 directly and caches its probe on disk', async () => {
    const { h264Mp4 } = await testVideos();
    const cache = tempDir();
    const library = new VideoLibrary(cache, testTools);
    const prepared = await library.prepare(h264Mp4, options);
    assert.equal(prepared.plan.mode, 'direct');
    assert.equal(prepared.playable, h264Mp4);
    assert.ok(fs.existsSync(path.join(cache, prepared.key, 'probe.json')), 'the probe is cached');
    // A second library (a new window) reads the cached probe even without ffprobe being run.
    const again = await new VideoLibrary(cache, () => ({ ffmpeg: testTools().ffmpeg, ffprobe: '/nonexistent/ffprobe' })).prepare(h264Mp4, options);
    assert.deepEqual(again.probe, prepared.probe);
  });

  it('makes one proxy of an MPEG-2 .mpg however many ask, then serves it; thumbnails land on the right times', async () => {
    const { mpeg2Mpg } = await testVideos();
    const library = new VideoLibrary(tempDir(), testTools);
    const prepared = await library.prepare(mpeg2Mpg, options);
    assert.equal(prepared.plan.mode, 'transcode');
    assert.equal(prepared.playable, undefined);
    assert.ok(Math.abs(prepared.probe.startTime - MPG_START) < 0.1);
    const seen: number[][] = [[], []];
    const [a, b] = await Promise.all([library.proxy(prepared, options, (f) => seen[0].push(f)), library.proxy(prepared, options, (f) => seen[1].push(f))]);
    assert.equal(a, b, 'both callers got the same proxy');
    assert.equal(seen[0].at(-1), 1);
    assert.equal(seen[1].at(-1), 1);
    const reopened = await library.prepare(mpeg2Mpg, options);
    assert.equal(reopened.playable, a, 'a prepared video finds its cached proxy');

    const frames = await library.thumbnails(reopened, 1, 3);
    assert.equal(frames.length, 3);
    for (const frame of frames) {
      assert.equal(frame.error, undefined);
      assert.ok(frame.path && fs.statSync(frame.path).size > 300, `a JPEG at ${frame.time}`);
      assert.ok(frame.time >= 1 && frame.time <= 3);
    }
    const cached = await library.thumbnails(reopened, 1, 3);
    assert.deepEqual(
      cached.map((f) => f.path),
      frames.map((f) => f.path),
      'thumbnails come from the cache the second time',
    );
  });

  it('cancels a proxy: the caller gets an AbortError and no partial file is left', async () => {
    const { mpeg2Mpg } = await testVideos();
    const cache = tempDir();
    const library = new VideoLibrary(cache, testTools);
    const prepared = await library.prepare(mpeg2Mpg, { ...options, maxHeight: 360 });
    const making = library.proxy(prepared, { ...options, maxHeight: 360 }, () => undefined);
    library.cancelProxy(prepared, { ...options, maxHeight: 360 });
    await assert.rejects(making, (error: Error) => error.name === 'AbortError');
    const leftovers = fs.readdirSync(cache, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('partial'));
    assert.deepEqual(leftovers, []);
  });

  it('says ffmpeg is missing instead of failing obscurely', async () => {
    const { h264Mp4 } = await testVideos();
    const library = new VideoLibrary(tempDir(), () => ({ error: 'ffmpeg was not found on PATH' }));
    await assert.rejects(library.prepare(h264Mp4, options), (error: Error) => error instanceof NoFfmpegError && /not found/.test(error.message));
  });
});
