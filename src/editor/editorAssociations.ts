/** Matching `workbench.editorAssociations` globs (pure, for the unit tests). */

/** A glob of `workbench.editorAssociations` as VS Code reads it: on the path when it has a slash, else on the file name. */
export function associationMatches(pattern: string, fsPath: string): boolean {
  const normalized = fsPath.replace(/\\/g, '/');
  const subject = pattern.includes('/') ? normalized : normalized.slice(normalized.lastIndexOf('/') + 1);
  const source = pattern
    .split(/(\*\*|\*|\?)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(pattern.includes('/') ? `(^|/)${source}$` : `^${source}$`, 'i').test(subject);
}
