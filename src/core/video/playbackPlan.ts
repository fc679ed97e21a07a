import type { PlaybackPlan, VideoProbe } from '../../../shared/video/video';

/**
 * What VS Code's desktop webview can play: its Electron ships a Chromium built without proprietary
 * codecs except H.264 (8-bit 4:2:0) and MP3, and only in MP4/MOV (not Matroska, AVI, MPEG-PS/TS).
 */
const PLAYABLE_PIXEL_FORMATS = new Set(['yuv420p', 'yuvj420p']);
const PLAYABLE_AUDIO = new Set(['mp3']);
/** Start times below this are rounding noise (e.g. an edit list's first B-frame shift). */
const START_TOLERANCE = 0.05;

/** Decides how a probed file reaches the `<video>` element, and says why when it cannot play as is. */
export function playbackPlan(probe: VideoProbe): PlaybackPlan {
  const videoReason = videoProblem(probe);
  const reasons: string[] = [];
  if (videoReason) reasons.push(videoReason);
  if (!isMp4Family(probe.container)) reasons.push(`${containerName(probe.container)} container`);
  if (probe.audioCodec !== null && !PLAYABLE_AUDIO.has(probe.audioCodec)) reasons.push(`${audioName(probe.audioCodec)} audio`);
  if (Math.abs(probe.startTime) >= START_TOLERANCE) reasons.push(`starts at ${probe.startTime.toFixed(2)} s`);
  // Checked only for MP4/MOV (null otherwise); the container reason already covers the rest.
  if (probe.faststart === false) reasons.push('index at the end of the file');

  if (videoReason) return { mode: 'transcode', reasons };
  // The video stream plays; copying it into a fresh MP4 fixes everything else in seconds.
  return { mode: reasons.length > 0 ? 'remux' : 'direct', reasons };
}

/** ffprobe's format_name for MP4 and QuickTime is "mov,mp4,m4a,3gp,3g2,mj2". */
export function isMp4Family(container: string): boolean {
  return container.split(',').some((name) => name === 'mp4' || name === 'mov');
}

function videoProblem(probe: VideoProbe): string | undefined {
  const codec = probe.videoCodec;
  if (codec === null) return 'no video stream';
  if (codec !== 'h264') return `${VIDEO_NAMES[codec] ?? codec} video`;
  if (probe.pixelFormat === null) return 'H.264 video with an unknown pixel format';
  if (!PLAYABLE_PIXEL_FORMATS.has(probe.pixelFormat)) return `H.264 video in ${probe.pixelFormat} (only 8-bit 4:2:0 plays)`;
  return undefined;
}

const VIDEO_NAMES: Record<string, string> = {
  hevc: 'HEVC (H.265)',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
  mpeg1video: 'MPEG-1',
  mpeg2video: 'MPEG-2',
  mpeg4: 'MPEG-4 Part 2',
  msmpeg4v3: 'MPEG-4 Part 2 (DivX 3)',
  h263: 'H.263',
  mjpeg: 'Motion JPEG',
  prores: 'ProRes',
  theora: 'Theora',
  wmv3: 'WMV',
  vc1: 'VC-1',
};

const AUDIO_NAMES: Record<string, string> = {
  aac: 'AAC',
  ac3: 'AC-3',
  eac3: 'E-AC-3',
  dts: 'DTS',
  opus: 'Opus',
  vorbis: 'Vorbis',
  flac: 'FLAC',
  mp2: 'MPEG-1 Layer II',
  alac: 'ALAC',
  wmav2: 'WMA',
  truehd: 'TrueHD',
};

function audioName(codec: string): string {
  if (codec.startsWith('pcm_')) return 'PCM';
  return AUDIO_NAMES[codec] ?? codec;
}

const CONTAINER_NAMES: Record<string, string> = {
  'matroska,webm': 'Matroska/WebM',
  matroska: 'Matroska',
  webm: 'WebM',
  avi: 'AVI',
  mpeg: 'MPEG-PS',
  mpegts: 'MPEG-TS',
  flv: 'FLV',
  asf: 'ASF (WMV)',
  ogg: 'Ogg',
  mxf: 'MXF',
  h264: 'raw H.264',
};

function containerName(container: string): string {
  return CONTAINER_NAMES[container] ?? container;
}
