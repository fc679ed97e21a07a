/**
 * What the host knows about a sample's video and tells the webview: where it was looked for, what
 * ffprobe says, how it will play (directly, remuxed or transcoded to a cached proxy) and how far the
 * proxy has got. Times are seconds from the video's first frame.
 */
import { z } from 'zod';

/** ffprobe's view of a file, reduced to what playback decisions and the UI need. */
export const VideoProbe = z.object({
  /** Seconds; null when ffprobe could not tell. */
  duration: z.number().nullable(),
  /** The container's first timestamp, seconds (MPEG-TS/PS often start at 1.4 s or more). */
  startTime: z.number(),
  size: z.number().int().min(0),
  /** ffprobe's format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "mpeg", "matroska,webm". */
  container: z.string(),
  videoCodec: z.string().nullable(),
  /** e.g. "yuv420p", "yuv420p10le". */
  pixelFormat: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /** Frames per second (avg_frame_rate), null when unknown. */
  fps: z.number().nullable(),
  audioCodec: z.string().nullable(),
  /** MP4/MOV only: true when the moov atom precedes the media data (playable while loading). */
  faststart: z.boolean().nullable(),
});
export type VideoProbe = z.infer<typeof VideoProbe>;

/** How a probed file reaches the `<video>` element. */
export const PlaybackMode = z.enum(['direct', 'remux', 'transcode']);
export type PlaybackMode = z.infer<typeof PlaybackMode>;
export const PlaybackPlan = z.object({
  mode: PlaybackMode,
  /** Why the file cannot play as is, in words ("VP9 video", "AAC audio", "starts at 1.40 s"); empty when direct. */
  reasons: z.array(z.string()),
});
export type PlaybackPlan = z.infer<typeof PlaybackPlan>;

/** The video panel's state for one sample, pushed by the host as it changes. */
export const VideoState = z.discriminatedUnion('state', [
  /** The record names no video. */
  z.object({ state: z.literal('none') }),
  /** The record names a video that is in none of the places looked. */
  z.object({ state: z.literal('missing'), video: z.string(), source: z.string().nullable(), tried: z.array(z.string()) }),
  /** ffmpeg/ffprobe are not installed (or not where the setting says): thumbnails, proxies and probing are off. */
  z.object({ state: z.literal('no-ffmpeg'), path: z.string(), message: z.string(), src: z.string().nullable() }),
  z.object({ state: z.literal('probing'), path: z.string() }),
  /** A proxy is being made; `fraction` in [0, 1]. */
  z.object({ state: z.literal('preparing'), path: z.string(), probe: VideoProbe, plan: PlaybackPlan, fraction: z.number().min(0).max(1) }),
  z.object({ state: z.literal('ready'), path: z.string(), probe: VideoProbe.nullable(), plan: PlaybackPlan, src: z.string(), proxied: z.boolean() }),
  z.object({ state: z.literal('error'), path: z.string(), message: z.string() }),
]);
export type VideoState = z.infer<typeof VideoState>;

/** One extracted frame: a webview URI (never base64), or why there is none. */
export const Thumbnail = z.object({
  time: z.number(),
  src: z.string().nullable(),
  error: z.string().optional(),
  /** The video's duration (seconds), when this is its last frame standing in for a cited time past its end. */
  pastEnd: z.number().optional(),
});
export type Thumbnail = z.infer<typeof Thumbnail>;
