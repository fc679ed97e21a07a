import * as assert from 'node:assert/strict';
import { PlaybackPlan, type VideoProbe } from '../../../shared/video/video';
import { isMp4Family, playbackPlan } from '../../../src/core/video/playbackPlan';

const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2';
const playable: VideoProbe = {
  duration: 10,
  startTime: 0,
  size: 1,
  container: MP4,
  videoCodec: 'h264',
  pixelFormat: 'yuv420p',
  width: 320,
  height: 240,
  fps: 25,
  audioCodec: null,
  faststart: true,
};

describe('playbackPlan', () => {
  const cases: [string, Partial<VideoProbe>, PlaybackPlan][] = [
    ['H.264 in MP4, no audio', {}, { mode: 'direct', reasons: [] }],
    ['H.264 (full range) with MP3 audio', { pixelFormat: 'yuvj420p', audioCodec: 'mp3' }, { mode: 'direct', reasons: [] }],
    ['a tiny start offset', { startTime: 0.04 }, { mode: 'direct', reasons: [] }],
    ['a tiny negative start offset', { startTime: -0.021 }, { mode: 'direct', reasons: [] }],
    ['an unknown faststart (e.g. unreadable header)', { faststart: null }, { mode: 'direct', reasons: [] }],
    ['AAC audio', { audioCodec: 'aac' }, { mode: 'remux', reasons: ['AAC audio'] }],
    ['AC-3 audio', { audioCodec: 'ac3' }, { mode: 'remux', reasons: ['AC-3 audio'] }],
    ['PCM audio', { audioCodec: 'pcm_s16le' }, { mode: 'remux', reasons: ['PCM audio'] }],
    ['an unnamed audio codec', { audioCodec: 'nellymoser' }, { mode: 'remux', reasons: ['nellymoser audio'] }],
    ['the index at the end', { faststart: false }, { mode: 'remux', reasons: ['index at the end of the file'] }],
    ['a late start', { startTime: 1.4 }, { mode: 'remux', reasons: ['starts at 1.40 s'] }],
    ['an early start', { startTime: -0.5 }, { mode: 'remux', reasons: ['starts at -0.50 s'] }],
    ['H.264 in Matroska', { container: 'matroska,webm', faststart: null }, { mode: 'remux', reasons: ['Matroska/WebM container'] }],
    [
      'H.264 in MPEG-TS at 1.4 s with AC-3',
      { container: 'mpegts', startTime: 1.4, audioCodec: 'ac3', faststart: null },
      { mode: 'remux', reasons: ['MPEG-TS container', 'AC-3 audio', 'starts at 1.40 s'] },
    ],
    ['H.264 in AVI', { container: 'avi', faststart: null }, { mode: 'remux', reasons: ['AVI container'] }],
    ['H.264 in an unnamed container', { container: 'nut', faststart: null }, { mode: 'remux', reasons: ['nut container'] }],
    [
      'VP9 in WebM with Opus',
      { container: 'matroska,webm', videoCodec: 'vp9', audioCodec: 'opus', faststart: null },
      { mode: 'transcode', reasons: ['VP9 video', 'Matroska/WebM container', 'Opus audio'] },
    ],
    ['AV1 in MP4', { videoCodec: 'av1' }, { mode: 'transcode', reasons: ['AV1 video'] }],
    ['HEVC in MP4 with AAC', { videoCodec: 'hevc', audioCodec: 'aac' }, { mode: 'transcode', reasons: ['HEVC (H.265) video', 'AAC audio'] }],
    [
      'MPEG-4 Part 2 in AVI',
      { container: 'avi', videoCodec: 'mpeg4', faststart: null },
      { mode: 'transcode', reasons: ['MPEG-4 Part 2 video', 'AVI container'] },
    ],
    [
      'MPEG-2 in MPEG-PS at 1.40 s',
      { container: 'mpeg', videoCodec: 'mpeg2video', startTime: 1.4, audioCodec: 'mp2', faststart: null },
      { mode: 'transcode', reasons: ['MPEG-2 video', 'MPEG-PS container', 'MPEG-1 Layer II audio', 'starts at 1.40 s'] },
    ],
    ['an unnamed video codec', { videoCodec: 'cinepak' }, { mode: 'transcode', reasons: ['cinepak video'] }],
    ['10-bit H.264', { pixelFormat: 'yuv420p10le' }, { mode: 'transcode', reasons: ['H.264 video in yuv420p10le (only 8-bit 4:2:0 plays)'] }],
    ['4:4:4 H.264', { pixelFormat: 'yuv444p' }, { mode: 'transcode', reasons: ['H.264 video in yuv444p (only 8-bit 4:2:0 plays)'] }],
    ['H.264 with an unknown pixel format', { pixelFormat: null }, { mode: 'transcode', reasons: ['H.264 video with an unknown pixel format'] }],
    [
      'MP4 with moov last and AAC (ordering of reasons)',
      { faststart: false, audioCodec: 'aac', startTime: 2 },
      { mode: 'remux', reasons: ['AAC audio', 'starts at 2.00 s', 'index at the end of the file'] },
    ],
    ['no video codec', { videoCodec: null, pixelFormat: null }, { mode: 'transcode', reasons: ['no video stream'] }],
  ];
  for (const [name, patch, expected] of cases) {
    it(`${expected.mode}: ${name}`, () => {
      const plan = playbackPlan({ ...playable, ...patch });
      assert.deepEqual(plan, expected);
      PlaybackPlan.parse(plan);
    });
  }

  const containers: [string, boolean][] = [
    [MP4, true],
    ['mov', true],
    ['mp4', true],
    ['matroska,webm', false],
    ['mpeg', false],
    ['mpegts', false],
    ['m4a', false],
  ];
  for (const [container, expected] of containers) {
    it(`${expected ? 'accepts' : 'rejects'} the container "${container}"`, () => assert.equal(isMp4Family(container), expected));
  }
});
