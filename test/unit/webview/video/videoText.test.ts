import * as assert from 'node:assert/strict';
import type { PlaybackPlan, VideoProbe } from '../../../../shared/video/video';
import { fileName, planText, probeText } from '../../../../webview/video/videoText';

describe('planText', () => {
  const cases: { name: string; plan: PlaybackPlan; expected: string }[] = [
    { name: 'direct', plan: { mode: 'direct', reasons: [] }, expected: 'playing it as is' },
    { name: 'remux with a reason', plan: { mode: 'remux', reasons: ['starts at 1.40 s'] }, expected: 'starts at 1.40 s → rewrapping it for the player' },
    { name: 'remux without reasons', plan: { mode: 'remux', reasons: [] }, expected: 'rewrapping it for the player' },
    {
      name: 'transcode with reasons',
      plan: { mode: 'transcode', reasons: ['MPEG-2 video', 'starts at 1.40 s'] },
      expected: 'MPEG-2 video, starts at 1.40 s → making a playable copy',
    },
    { name: 'transcode without reasons', plan: { mode: 'transcode', reasons: [] }, expected: 'making a playable copy' },
    { name: 'direct with a reason', plan: { mode: 'direct', reasons: ['no faststart'] }, expected: 'no faststart → playing it as is' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(planText(c.plan), c.expected));
});

describe('probeText', () => {
  const probe = (patch: Partial<VideoProbe>): VideoProbe => ({
    duration: 30,
    startTime: 0,
    size: 1000,
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    videoCodec: 'h264',
    pixelFormat: 'yuv420p',
    width: 1280,
    height: 720,
    fps: 25,
    audioCodec: 'aac',
    faststart: true,
    ...patch,
  });
  const cases: { name: string; patch: Partial<VideoProbe>; expected: string }[] = [
    { name: 'everything known', patch: {}, expected: 'h264 · 1280×720 · 25 fps · 00:30 · aac · mov' },
    { name: 'no audio', patch: { audioCodec: null, container: 'matroska,webm' }, expected: 'h264 · 1280×720 · 25 fps · 00:30 · matroska' },
    {
      name: 'only the container',
      patch: { videoCodec: null, width: null, height: null, fps: null, duration: null, audioCodec: null, container: 'mpeg' },
      expected: 'mpeg',
    },
    { name: 'an empty codec name is left out', patch: { videoCodec: '', audioCodec: '' }, expected: '1280×720 · 25 fps · 00:30 · mov' },
    { name: 'a width without a height is left out', patch: { height: null }, expected: 'h264 · 25 fps · 00:30 · aac · mov' },
    { name: 'a height without a width is left out', patch: { width: null }, expected: 'h264 · 25 fps · 00:30 · aac · mov' },
    { name: 'NTSC frame rate to 2 decimals', patch: { fps: 30000 / 1001 }, expected: 'h264 · 1280×720 · 29.97 fps · 00:30 · aac · mov' },
    { name: 'a zero frame rate is shown', patch: { fps: 0 }, expected: 'h264 · 1280×720 · 0 fps · 00:30 · aac · mov' },
    { name: 'the duration to a tenth of a second', patch: { duration: 30.04 }, expected: 'h264 · 1280×720 · 25 fps · 00:30 · aac · mov' },
    { name: 'the duration rounded up to a tenth', patch: { duration: 30.06 }, expected: 'h264 · 1280×720 · 25 fps · 00:30.1 · aac · mov' },
    { name: 'an hour-long video', patch: { duration: 3725.2 }, expected: 'h264 · 1280×720 · 25 fps · 1:02:05.2 · aac · mov' },
    { name: 'a zero duration is shown', patch: { duration: 0 }, expected: 'h264 · 1280×720 · 25 fps · 00:00 · aac · mov' },
    { name: 'a NaN duration', patch: { duration: NaN }, expected: 'h264 · 1280×720 · 25 fps · --:-- · aac · mov' },
    { name: 'zero dimensions are shown', patch: { width: 0, height: 0 }, expected: 'h264 · 0×0 · 25 fps · 00:30 · aac · mov' },
    { name: 'a single container name', patch: { container: 'avi' }, expected: 'h264 · 1280×720 · 25 fps · 00:30 · aac · avi' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(probeText(probe(c.patch)), c.expected));
});

describe('fileName', () => {
  const cases: [string, string][] = [
    ['video.mp4', 'video.mp4'],
    ['/data/videos/clip 01.mp4', 'clip 01.mp4'],
    ['videos/clip.mp4', 'clip.mp4'],
    ['C:\\data\\videos\\clip.mkv', 'clip.mkv'],
    ['C:\\data/videos\\mixed/clip.webm', 'clip.webm'],
    ['\\\\server\\share\\v.avi', 'v.avi'],
    ['/data/videos/', '/data/videos/'],
    ['/', '/'],
    ['', ''],
    ['视频/骑手.mp4', '骑手.mp4'],
    ['a/.hidden', '.hidden'],
  ];
  for (const [path, expected] of cases) it(`${JSON.stringify(path)} → ${JSON.stringify(expected)}`, () => assert.equal(fileName(path), expected));
});
