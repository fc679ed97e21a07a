/**
 * Turns what a user types into an FTS5 query: every word must match, the last one as a prefix
 * (search as you type). Words are quoted, so FTS5 operators and punctuation in the input are inert.
 */
export function toFtsQuery(text: string): string | undefined {
  const words = text.match(/[\p{L}\p{N}_]+/gu);
  if (!words) return undefined;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}
