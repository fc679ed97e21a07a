/**
 * The kind filter's menu, pure: it lists the kinds as the list's Kind column shows them, where a
 * malformed record reads "malformed" whatever kind its fields suggest, so the menu's "(n)" counts the
 * rows that choosing it shows (the host counts them as `listedKind`).
 */
import type { RecordFilter } from '../../shared/list/recordQuery';
import { RecordKind } from '../../shared/records/recordSummary';

/** The menu value (and the Kind column's word) for malformed records. */
export const MALFORMED_KIND = 'malformed';

/** The menu entry a filter stands for: its kind, "malformed" when it keeps malformed records only, else "" (all kinds). */
export function kindMenuValue(filter: RecordFilter): string {
  return filter.kinds?.[0] ?? (filter.malformed === true ? MALFORMED_KIND : '');
}

/**
 * The filter change for a menu choice: "malformed" keeps the malformed records (any kind); a kind
 * keeps the well-formed records of that kind (a malformed one is listed as malformed, not as its
 * kind); "" (or a value that is no kind) drops both.
 */
export function kindMenuPatch(value: string): Pick<RecordFilter, 'kinds' | 'malformed'> {
  if (value === MALFORMED_KIND) return { kinds: undefined, malformed: true };
  const kind = RecordKind.safeParse(value);
  return kind.success ? { kinds: [kind.data], malformed: false } : { kinds: undefined, malformed: undefined };
}
