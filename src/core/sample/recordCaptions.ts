/**
 * The captions a record carries itself (the mapped `caption` field beside the chain): the same segments the
 * evidence check scores against (src/core/scoring/scoreFile.ts `inlineCaptions`), for the Captions panel and
 * the timeline, with or without the video.
 */
import { parseCaption, type CaptionSegment } from '../../../shared/chain/captions';
import type { FileProfile } from '../../../shared/records/fieldMapping';
import { getField, isPlainObject } from '../records/fieldPaths';

export const RECORD_CAPTION_ORIGIN = 'this record';

export function recordCaptions(value: unknown, profile: FileProfile | undefined): { segments: CaptionSegment[]; origin: string } | null {
  if (profile === undefined || !isPlainObject(value)) return null;
  const caption = getField(value, profile.fields.caption);
  if (typeof caption !== 'string' || caption === '') return null;
  const { segments } = parseCaption(caption);
  return segments.length === 0 ? null : { segments, origin: RECORD_CAPTION_ORIGIN };
}
