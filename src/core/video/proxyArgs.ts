import type { PlaybackPlan, VideoProbe } from '../../../shared/video/video';

export interface ProxyOptions {
  /** Transcodes are scaled down to at most this height (default 480); remuxes keep their size. */
  maxHeight?: number;
  /** Audio in the proxy: none (default; the reasoning is about the pictures) or MP3, which the webview plays. */
  audio?: 'none' | 'mp3';
}

export const DEFAULT_PROXY_HEIGHT = 480;

/**
 * ffmpeg arguments that turn `input` into a proxy MP4 the webview plays: H.264 8-bit 4:2:0, optional
 * MP3 audio, index first (+faststart). A remux copies the video stream; a transcode re-encodes it
 * small and fast with a keyframe every second so seeking to any cited moment is quick.
 *
 * Times: without -copyts ffmpeg shifts output timestamps so the proxy starts at 0 even when the
 * input's container starts later (MPEG-PS/TS start at 0.5–1.4 s or more). That matches the
 * dataset's times, which count from the first frame, and what input seeking (-ss before -i) does
 * on the original. For a remux with B-frames the MP4 muxer writes an edit list so the first frame
 * still shows at 0; ffprobe then reports start_time 0, so nothing more (-avoid_negative_ts,
 * -output_ts_offset) is needed — the proxy tests check it.
 */
export function proxyArgs(input: string, output: string, plan: PlaybackPlan, probe: VideoProbe, options: ProxyOptions = {}): string[] {
  const maxHeight = Math.max(2, Math.floor(options.maxHeight ?? DEFAULT_PROXY_HEIGHT));
  const withAudio = options.audio === 'mp3' && probe.audioCodec !== null;
  // 'direct' needs no proxy; if asked anyway, a copy is the cheapest valid answer.
  const video =
    plan.mode === 'transcode'
      ? [
          '-c:v',
          'libx264',
          '-preset',
          'veryfast',
          '-crf',
          '23',
          '-pix_fmt',
          'yuv420p',
          // Cap the height, keep the aspect ratio; -2 and the trunc keep both sides even, as 4:2:0 needs.
          '-vf',
          `scale=-2:'trunc(min(${maxHeight},ih)/2)*2'`,
          '-force_key_frames',
          'expr:gte(t,n_forced*1)',
          '-sc_threshold',
          '0',
        ]
      : ['-c:v', 'copy'];
  const audio = withAudio ? ['-c:a', 'libmp3lame', '-b:a', '128k'] : ['-an'];
  return [
    '-hide_banner',
    '-nostdin',
    '-y',
    '-v',
    'error',
    '-progress',
    'pipe:1',
    '-nostats',
    '-i',
    input,
    '-map',
    '0:v:0',
    ...(withAudio ? ['-map', '0:a:0?'] : []),
    ...video,
    ...audio,
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    output,
  ];
}
