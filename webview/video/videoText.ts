/** How the video panel words what the host says about a video, pure (no DOM). */
import { formatClock } from '../../shared/chain/timeRefs';
import type { PlaybackPlan, VideoProbe } from '../../shared/video/video';

/** "MPEG-2 video, starts at 1.40 s → making a playable copy". */
export function planText(plan: PlaybackPlan): string {
  const action = plan.mode === 'remux' ? 'rewrapping it for the player' : plan.mode === 'transcode' ? 'making a playable copy' : 'playing it as is';
  return plan.reasons.length > 0 ? `${plan.reasons.join(', ')} → ${action}` : action;
}

/** "h264 · 1280×720 · 25 fps · 00:30 · mp4" from what ffprobe said. */
export function probeText(probe: VideoProbe): string {
  const parts: string[] = [];
  if (probe.videoCodec) parts.push(probe.videoCodec);
  if (probe.width !== null && probe.height !== null) parts.push(`${probe.width}×${probe.height}`);
  if (probe.fps !== null) parts.push(`${Math.round(probe.fps * 100) / 100} fps`);
  if (probe.duration !== null) parts.push(formatClock(Math.round(probe.duration * 10) / 10));
  if (probe.audioCodec) parts.push(probe.audioCodec);
  parts.push(probe.container.split(',')[0]);
  return parts.join(' · ');
}

/** The last part of a path, either separator. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
