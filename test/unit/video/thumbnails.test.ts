import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FfmpegTools } from '../../../src/core/video/locateFfmpeg';
import { makeProxy } from '../../../src/core/video/makeProxy';
import { playbackPlan } from '../../../src/core/video/playbackPlan';
import { probeVideo } from '../../../src/core/video/probe';
import { mulberry32 } from '../../../bench/syntheticDataset';
import { extractThumbnail, seekPreroll, thumbnailArgs, thumbnailPlan, thumbnailTimes } from '../../../src/core/video/thumbnails';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';
import { DURATION, grayFingerprint, meanAbsDiff, testTools, testVideos } from '../helpers/videos';

describe('thumbnails', () => {
  let tools: FfmpegTools;
  before(() => (tools = testTools()));
  after(cleanTempFiles);

  describe('thumbnailTimes', () => {
    const cases: [string, [number, number, number | null, number?], number[]][] = [
      ['the middles of three equal parts of [10, 20]', [10, 20, 60], [11.7, 15, 18.3]],
      ['the same, duration unknown', [10, 20, null], [11.7, 15, 18.3]],
      ['a reversed interval as if in order', [20, 10, 60], [11.7, 15, 18.3]],
      ['four parts', [0, 8, null, 4], [1, 3, 5, 7]],
      ['one thumbnail: the middle', [0, 8, null, 1], [4]],
      // The case: "at 4.3s" with a shot cut at 4.6 s gets the frame at 4.3 and nothing after it.
      ['a point: one frame at it', [4.3, 4.3, 30], [4.3]],
      ['a point off the 0.1 s grid: the next step after it, never before', [4.31, 4.31, 30], [4.4]],
      ['a point, five thumbnails asked: still one', [30, 30, 60, 5], [30]],
      ['an interval shorter than 0.1 s: a point at its start', [30, 30.04, 60], [30]],
      ['a point at 0', [0, 0, 60], [0]],
      ['a point at the end: clamped to duration − 0.05, rounded down', [10, 10, 10], [9.9]],
      // 4.3–4.9: parts of 0.2 s, middles 4.4, 4.6, 4.8, all inside.
      ['a short interval keeps its middles', [4.3, 4.9, 30], [4.4, 4.6, 4.8]],
      // 4.31–4.42: middles 4.33, 4.37, 4.40 round to 4.3 and 4.4; 4.3 lies before the start, so 4.4 (the one 0.1 s step inside) only.
      ['rounding never leaves the interval', [4.31, 4.42, 30], [4.4]],
      ['an interval past the end: the last frame', [50, 80, 40], [39.9]],
      // 25–45 in 30 s: middles 28.3, 35, 41.7; the last two clamp to 29.9.
      ['an interval running past the end', [25, 45, 30], [28.3, 29.9]],
      ['negative times', [-5, -1, 40], [0]],
      // 1.234–2.345: middles 1.234 + 1.111 × (1/6, 3/6, 5/6) = 1.419, 1.790, 2.160.
      ['rounded to 0.1 s', [1.234, 2.345, null], [1.4, 1.8, 2.2]],
      ['a zero duration', [0, 5, 0], [0]],
      ['no thumbnails', [0, 5, 10, 0], []],
      ['a NaN start', [NaN, 5, 10], []],
    ];
    for (const [name, args, expected] of cases) {
      it(name, () => assert.deepEqual(thumbnailTimes(...args), expected));
    }

    it('keeps every frame inside its cited interval (a point: within 0.1 s after it), on 500 generated intervals', () => {
      const next = mulberry32(20_12_4);
      for (let i = 0; i < 500; i++) {
        const a = Math.round(next() * 6000) / 100;
        const b = next() < 0.3 ? a : Math.round(next() * 6000) / 100;
        const [from, to] = a <= b ? [a, b] : [b, a];
        const times = thumbnailTimes(a, b, null);
        const point = to - from < 0.1;
        assert.equal(times.length >= 1 && times.length <= (point ? 1 : 3), true, `${times.length} frames of ${a}-${b}`);
        for (const t of times) {
          assert.equal(Math.abs(t * 10 - Math.round(t * 10)) < 1e-9, true, `${t} is on the 0.1 s grid`);
          if (point) assert.equal(t >= from - 1e-9 && t < from + 0.1, true, `${t} at or just after the point ${from}`);
          else assert.equal(t >= from - 1e-9 && t <= to + 1e-9, true, `${t} inside ${from}-${to}`);
        }
        assert.deepEqual(
          times,
          [...times].sort((x, y) => x - y),
          'ascending',
        );
      }
    });
  });

  describe('thumbnailPlan', () => {
    it('marks the frames clamped for a time past the end (beyond the 0.5 s tolerance), with the others unmarked', () => {
      // 25–45 in a 30 s video: 28.3 is real; 35 and 41.7 both become the last frame, 29.9, marked.
      assert.deepEqual(thumbnailPlan(25, 45, 30), [
        { time: 28.3, pastEnd: false },
        { time: 29.9, pastEnd: true },
      ]);
      assert.deepEqual(thumbnailPlan(40, 45, 30), [{ time: 29.9, pastEnd: true }]);
      assert.deepEqual(thumbnailPlan(40, 40, 30), [{ time: 29.9, pastEnd: true }]);
    });

    it('does not mark a frame clamped within the tolerance, nor any frame when the duration is unknown', () => {
      // 28–30.4 in 30 s: middles 28.4, 29.2, 30.0; 30.0 is clamped to 29.9 but 30.0 ≤ 30 + 0.5 is not past the end.
      assert.deepEqual(thumbnailPlan(28, 30.4, 30), [
        { time: 28.4, pastEnd: false },
        { time: 29.2, pastEnd: false },
        { time: 29.9, pastEnd: false },
      ]);
      assert.deepEqual(thumbnailPlan(40, 45, null), [
        { time: 40.8, pastEnd: false },
        { time: 42.5, pastEnd: false },
        { time: 44.2, pastEnd: false },
      ]);
    });
  });

  describe('thumbnailArgs', () => {
    it('seeks the input before opening it and writes one scaled JPEG', () => {
      assert.deepEqual(thumbnailArgs('/v/a b.mpg', 12.3, '/c/k/thumb.jpg'), [
        '-hide_banner',
        '-nostdin',
        '-y',
        '-v',
        'error',
        '-ss',
        '12.300',
        '-i',
        '/v/a b.mpg',
        '-frames:v',
        '1',
        '-vf',
        'scale=240:-2',
        '-c:v',
        'mjpeg',
        '-q:v',
        '4',
        '-f',
        'image2',
        '-update',
        '1',
        '/c/k/thumb.jpg',
      ]);
    });

    const prerolls: [string, number, number, string[]][] = [
      ['a preroll seeks short, then decodes forward', 12.3, 5, ['-ss', '7.300', '-i', 'in', '-ss', '5.000']],
      ['a preroll longer than the time decodes from the start', 3.2, 5, ['-i', 'in', '-ss', '3.200']],
      ['a preroll at 0', 0, 5, ['-i', 'in', '-ss', '0.000']],
      ['no preroll', 3.2, 0, ['-ss', '3.200', '-i', 'in']],
      ['a negative time as 0', -1, 0, ['-ss', '0.000', '-i', 'in']],
    ];
    for (const [name, seconds, preroll, seek] of prerolls) {
      it(name, () => {
        const args = thumbnailArgs('in', seconds, 'out.jpg', { preroll });
        assert.deepEqual(args.slice(5, args.indexOf('-frames:v')), seek);
      });
    }

    const containers: [string, number][] = [
      ['mpeg', 5],
      ['mpegts', 5],
      ['h264', 5],
      ['mov,mp4,m4a,3gp,3g2,mj2', 0],
      ['matroska,webm', 0],
      ['avi', 0],
    ];
    for (const [container, preroll] of containers) {
      it(`prerolls ${preroll} s in ${container}`, () => assert.equal(seekPreroll(container), preroll));
    }

    it('takes a width', () => {
      const args = thumbnailArgs('in', 0, 'out.jpg', { width: 320 });
      assert.equal(args[args.indexOf('-vf') + 1], 'scale=320:-2');
      assert.equal(args[args.indexOf('-ss') + 1], '0.000');
    });
  });

  describe('extractThumbnail (real files)', () => {
    it('writes a JPEG of the requested width, with nothing else left behind', async () => {
      const { h264Mp4 } = await testVideos();
      const dir = tempDir();
      const output = path.join(dir, 'k', 'thumb-1.5s-w160.jpg');
      assert.equal(await extractThumbnail(tools, h264Mp4, 1.5, output, undefined, { width: 160 }), output);
      const probe = await probeVideo(tools, output);
      assert.deepEqual([probe.videoCodec, probe.width, probe.height], ['mjpeg', 160, 120]);
      assert.deepEqual(fs.readdirSync(path.dirname(output)), ['thumb-1.5s-w160.jpg']);
    });

    it('keeps a name with % as it is', async () => {
      const { h264Mp4 } = await testVideos();
      const output = path.join(tempDir(), '100% frame %d.jpg');
      await extractThumbnail(tools, h264Mp4, 0, output);
      assert.ok(fs.statSync(output).size > 0);
    });

    for (const preroll of [0, 5]) {
      it(`throws a clear error past the end of the video, leaving no file (preroll ${preroll})`, async () => {
        const { h264Mp4 } = await testVideos();
        const dir = tempDir();
        await assert.rejects(extractThumbnail(tools, h264Mp4, DURATION.short + 5, path.join(dir, 't.jpg'), undefined, { preroll }), {
          message: `ffmpeg found no frame at ${(DURATION.short + 5).toFixed(1)} s in ${h264Mp4} (past the end of the video?)`,
        });
        assert.deepEqual(fs.readdirSync(dir), []);
      });
    }

    it('rejects with AbortError when aborted', async () => {
      const { h264Mp4 } = await testVideos();
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(extractThumbnail(tools, h264Mp4, 1, path.join(tempDir(), 't.jpg'), controller.signal), { name: 'AbortError' });
    });

    const aligned: [string, 'mpeg2Mpg' | 'h264Ts', 'transcode' | 'remux', number[]][] = [
      ['a late-starting MPEG-2 .mpg and its transcoded proxy', 'mpeg2Mpg', 'transcode', [0.5, 1.5, 2.5]],
      // 6.5 s is past the preroll: a coarse seek to 1.5 s, then decoding forward 5 s.
      ['a late-starting H.264 .ts with B-frames and its remuxed proxy', 'h264Ts', 'remux', [0.5, 2.5, 6.5]],
    ];
    for (const [name, fixture, mode, times] of aligned) {
      it(`counts times from the first frame in both ${name}`, async () => {
        const input = (await testVideos())[fixture];
        const source = await probeVideo(tools, input);
        assert.ok(source.startTime > 1, `the fixture starts at ${source.startTime}`);
        const plan = playbackPlan(source);
        assert.equal(plan.mode, mode);
        const dir = tempDir();
        const proxy = path.join(dir, 'proxy.mp4');
        await makeProxy(tools, input, proxy, plan, source);

        // As the host does: the original with the preroll its container needs, the proxy (MP4) without.
        const frame = async (file: string, t: number) => {
          const preroll = file === input ? seekPreroll(source.container) : 0;
          return grayFingerprint(await extractThumbnail(tools, file, t, path.join(dir, `${path.basename(file)}-${t}.jpg`), undefined, { preroll }));
        };
        for (const t of times) {
          const [original, proxied] = await Promise.all([frame(input, t), frame(proxy, t)]);
          const same = meanAbsDiff(original, proxied);
          // Measured: ~0.3 for the same time, ~2 one frame (40 ms) apart, ~7.5 one second apart.
          assert.ok(same < 1, `at ${t} s the proxy's frame differs from the original's by ${same.toFixed(2)}`);
          // The comparison can tell times apart: the original's frame a second away differs clearly.
          const away = t < 2 ? t + 1 : t - 1;
          const other = meanAbsDiff(original, await frame(input, away));
          assert.ok(other > 2 * same && other > 4, `frames at ${t} and ${away} s differ by only ${other.toFixed(2)}`);
        }
      });
    }
  });
});
