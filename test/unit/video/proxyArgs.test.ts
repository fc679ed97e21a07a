import * as assert from 'node:assert/strict';
import type { PlaybackPlan, VideoProbe } from '../../../shared/video/video';
import { proxyArgs } from '../../../src/core/video/proxyArgs';

const probe: VideoProbe = {
  duration: 10,
  startTime: 1.4,
  size: 1,
  container: 'mpeg',
  videoCodec: 'mpeg2video',
  pixelFormat: 'yuv420p',
  width: 720,
  height: 576,
  fps: 25,
  audioCodec: 'mp2',
  faststart: null,
};
const remux: PlaybackPlan = { mode: 'remux', reasons: ['Matroska/WebM container'] };
const transcode: PlaybackPlan = { mode: 'transcode', reasons: ['MPEG-2 video'] };

const HEAD = ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-progress', 'pipe:1', '-nostats', '-i', '/in/a b.mpg'];
const TAIL = ['-movflags', '+faststart', '-f', 'mp4', '/cache/k/proxy.mp4.partial.mp4'];
const X264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'];
const KEYS = ['-force_key_frames', 'expr:gte(t,n_forced*1)', '-sc_threshold', '0'];
const MP3 = ['-c:a', 'libmp3lame', '-b:a', '128k'];

describe('proxyArgs', () => {
  const cases: [string, PlaybackPlan, Partial<VideoProbe>, Parameters<typeof proxyArgs>[4], string[]][] = [
    ['remux without audio (default)', remux, {}, undefined, ['-map', '0:v:0', '-c:v', 'copy', '-an']],
    ['remux with MP3 audio', remux, {}, { audio: 'mp3' }, ['-map', '0:v:0', '-map', '0:a:0?', '-c:v', 'copy', ...MP3]],
    ['remux asked for MP3 of a silent video', remux, { audioCodec: null }, { audio: 'mp3' }, ['-map', '0:v:0', '-c:v', 'copy', '-an']],
    ['remux ignores maxHeight', remux, {}, { maxHeight: 240, audio: 'none' }, ['-map', '0:v:0', '-c:v', 'copy', '-an']],
    [
      'transcode without audio, 480 lines at most',
      transcode,
      {},
      undefined,
      ['-map', '0:v:0', ...X264, '-vf', "scale=-2:'trunc(min(480,ih)/2)*2'", ...KEYS, '-an'],
    ],
    [
      'transcode with MP3 audio at 720 lines',
      transcode,
      {},
      { audio: 'mp3', maxHeight: 720 },
      ['-map', '0:v:0', '-map', '0:a:0?', ...X264, '-vf', "scale=-2:'trunc(min(720,ih)/2)*2'", ...KEYS, ...MP3],
    ],
    ['direct (a copy, if asked at all)', { mode: 'direct', reasons: [] }, {}, undefined, ['-map', '0:v:0', '-c:v', 'copy', '-an']],
  ];
  for (const [name, plan, patch, options, middle] of cases) {
    it(name, () => {
      assert.deepEqual(proxyArgs('/in/a b.mpg', '/cache/k/proxy.mp4.partial.mp4', plan, { ...probe, ...patch }, options), [...HEAD, ...middle, ...TAIL]);
    });
  }

  it('passes the scale expression as a single argument', () => {
    const args = proxyArgs('in', 'out', transcode, probe);
    assert.equal(args[args.indexOf('-vf') + 1], "scale=-2:'trunc(min(480,ih)/2)*2'");
    assert.equal(args.at(-1), 'out');
  });
});
