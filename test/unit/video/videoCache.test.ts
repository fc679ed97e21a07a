import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VideoProbe } from '../../../shared/video/video';
import { VideoCache, videoKey } from '../../../src/core/video/videoCache';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

const probe: VideoProbe = {
  duration: 3,
  startTime: 0,
  size: 1234,
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
  videoCodec: 'h264',
  pixelFormat: 'yuv420p',
  width: 320,
  height: 240,
  fps: 25,
  audioCodec: null,
  faststart: true,
};

describe('videoCache', () => {
  after(cleanTempFiles);

  describe('videoKey', () => {
    const stat = { size: 1000, mtimeMs: 1700000000123.5 };

    it('is 20 hex characters, stable for the same file state', () => {
      const key = videoKey('/videos/a.mp4', stat);
      assert.match(key, /^[0-9a-f]{20}$/);
      assert.equal(videoKey('/videos/a.mp4', { ...stat }), key);
      assert.equal(videoKey('/videos/x/../a.mp4', stat), key, 'the path is resolved');
    });

    const changes: [string, string, { size: number; mtimeMs: number }][] = [
      ['the path', '/videos/b.mp4', stat],
      ['the size', '/videos/a.mp4', { ...stat, size: 1001 }],
      ['the mtime', '/videos/a.mp4', { ...stat, mtimeMs: stat.mtimeMs + 1 }],
    ];
    for (const [what, file, changed] of changes) {
      it(`changes with ${what}`, () => assert.notEqual(videoKey(file, changed), videoKey('/videos/a.mp4', stat)));
    }
  });

  describe('VideoCache', () => {
    it('lays files out in one folder per key', () => {
      const cache = new VideoCache('/cache');
      assert.equal(cache.probePath('k'), path.join('/cache', 'k', 'probe.json'));
      assert.equal(cache.proxyPath('k'), path.join('/cache', 'k', 'proxy.mp4'));
      assert.equal(cache.thumbnailPath('k', 12.3, 240), path.join('/cache', 'k', 'thumb-12.3s-w240.jpg'));
    });

    const sameThumb: [number, number][] = [
      [12.3, 12.30000001],
      [12.3, 12.26],
      [0, 0.04],
      [7, 7.0],
    ];
    for (const [a, b] of sameThumb) {
      it(`names the thumbnails at ${a} s and ${b} s the same`, () => {
        const cache = new VideoCache('/cache');
        assert.equal(cache.thumbnailPath('k', a, 240), cache.thumbnailPath('k', b, 240));
      });
    }

    it('names different times, widths and keys differently', () => {
      const cache = new VideoCache('/cache');
      const names = new Set([
        cache.thumbnailPath('k', 1, 240),
        cache.thumbnailPath('k', 1.1, 240),
        cache.thumbnailPath('k', 1, 320),
        cache.thumbnailPath('j', 1, 240),
      ]);
      assert.equal(names.size, 4);
      assert.equal(cache.thumbnailPath('k', 7, 240), path.join('/cache', 'k', 'thumb-7.0s-w240.jpg'));
    });

    it('round-trips a probe, writing atomically', () => {
      const cache = new VideoCache(path.join(tempDir(), 'videos'));
      assert.equal(cache.readProbe('k'), undefined);
      cache.writeProbe('k', probe);
      assert.deepEqual(cache.readProbe('k'), probe);
      assert.deepEqual(fs.readdirSync(cache.dir('k')), ['probe.json'], 'no temp file left');
      cache.writeProbe('k', { ...probe, duration: null });
      assert.equal(cache.readProbe('k')?.duration, null);
    });

    const corrupt: [string, string][] = [
      ['truncated JSON', '{"duration": 3, "startT'],
      ['JSON of another shape', JSON.stringify({ ...probe, size: 'big' })],
      ['an older schema without new fields', JSON.stringify({ duration: 3, container: 'mp4' })],
      ['an empty file', ''],
    ];
    for (const [name, content] of corrupt) {
      it(`reads ${name} as no probe`, () => {
        const cache = new VideoCache(tempDir());
        fs.mkdirSync(cache.dir('k'), { recursive: true });
        fs.writeFileSync(cache.probePath('k'), content);
        assert.equal(cache.readProbe('k'), undefined);
      });
    }

    it('refuses to write an invalid probe', () => {
      const cache = new VideoCache(tempDir());
      assert.throws(() => cache.writeProbe('k', { ...probe, size: -1 }));
      assert.equal(cache.readProbe('k'), undefined);
      assert.deepEqual(fs.readdirSync(cache.dir('k')), []);
    });
  });
});
