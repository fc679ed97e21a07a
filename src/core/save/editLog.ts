/**
 * The document's ordered undo/redo log of whole-record replacements (the idea of
 * microsoft/vscode-hexeditor's edit list): the file on disk stays untouched until save, reads overlay
 * the applied entries, undo and redo move one pointer. Every record the log touches remembers its disk
 * text (the `before` of the first entry that touched it, replaced by the applied text on `markSaved`),
 * so "pending" is simply "the applied text differs from the disk text".
 */
import { z } from 'zod';

export interface RecordEdit {
  /** The record's position in the file (its ordinal in the index). */
  position: number;
  /** The record's whole text before the edit (must equal its applied text when pushed). */
  before: string;
  /** The record's whole text after the edit. */
  after: string;
  /** What the edit did, for the undo/redo menu. */
  label: string;
}

const BACKUP_VERSION = 1;

const Position = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const BackupEdit = z.object({ position: Position, before: z.string(), after: z.string(), label: z.string() });
const Backup = z.object({
  version: z.literal(BACKUP_VERSION),
  entries: z.array(BackupEdit),
  applied: z.number().int().min(0),
  disk: z.array(z.tuple([Position, z.string()])),
});
type Backup = z.infer<typeof Backup>;

export class EditLog {
  private entries: RecordEdit[] = [];
  /** Entries [0, applied) are applied; the rest is the redo tail. */
  private applied = 0;
  /** The disk text of every record any entry ever touched. */
  private readonly disk = new Map<number, string>();
  /** The applied text of every record in `disk`. */
  private readonly current = new Map<number, string>();
  /** Positions whose applied text differs from their disk text. */
  private readonly differing = new Set<number>();

  /** Appends an edit after the applied entries, dropping the redo tail. Throws when `before` is stale. */
  push(edit: RecordEdit): void {
    checkPosition(edit.position);
    if (typeof edit.before !== 'string' || typeof edit.after !== 'string') throw new Error('An edit needs the record text before and after it.');
    const known = this.current.get(edit.position);
    if (known === undefined) {
      this.disk.set(edit.position, edit.before);
      this.current.set(edit.position, edit.before);
    } else if (known !== edit.before) {
      throw new Error(`Stale edit of record ${edit.position}: its text changed since the edit was made.`);
    }
    this.entries.length = this.applied;
    this.entries.push({ position: edit.position, before: edit.before, after: edit.after, label: edit.label });
    this.applied++;
    this.setCurrent(edit.position, edit.after);
  }

  /** Undoes the last applied edit and returns it; undefined when there is nothing to undo. */
  undo(): RecordEdit | undefined {
    if (this.applied === 0) return undefined;
    const edit = this.entries[--this.applied];
    this.setCurrent(edit.position, edit.before);
    return { ...edit };
  }

  /** Applies the next edit of the redo tail again and returns it; undefined when there is none. */
  redo(): RecordEdit | undefined {
    if (this.applied >= this.entries.length) return undefined;
    const edit = this.entries[this.applied++];
    this.setCurrent(edit.position, edit.after);
    return { ...edit };
  }

  get canUndo(): boolean {
    return this.applied > 0;
  }

  get canRedo(): boolean {
    return this.applied < this.entries.length;
  }

  /** The applied text of a record when it differs from the disk text; undefined otherwise. */
  textOf(position: number): string | undefined {
    return this.differing.has(position) ? this.current.get(position) : undefined;
  }

  /** The records whose applied text differs from the disk text, by position. */
  pending(): { position: number; text: string }[] {
    return this.editedPositions().map((position) => ({ position, text: this.current.get(position) as string }));
  }

  editedPositions(): number[] {
    return [...this.differing].sort((a, b) => a - b);
  }

  get dirty(): boolean {
    return this.differing.size > 0;
  }

  /** The disk now holds the applied texts (a save went through). Undo stays possible and makes records pending again. */
  markSaved(): void {
    for (const position of this.differing) this.disk.set(position, this.current.get(position) as string);
    this.differing.clear();
  }

  /** Drops every entry (applied and redo) and returns the positions whose applied text changed back to the disk text. */
  revert(): number[] {
    const changed = this.editedPositions();
    for (const position of changed) this.current.set(position, this.disk.get(position) as string);
    this.differing.clear();
    this.entries = [];
    this.applied = 0;
    return changed;
  }

  /** The log as JSON: entries, the applied pointer and the disk texts (a hot-exit backup; not the file). */
  toBackup(): string {
    const backup: Backup = {
      version: BACKUP_VERSION,
      entries: this.entries.map((e) => ({ position: e.position, before: e.before, after: e.after, label: e.label })),
      applied: this.applied,
      disk: [...this.disk].sort((a, b) => a[0] - b[0]),
    };
    return JSON.stringify(backup);
  }

  /** A log from `toBackup`'s JSON. Throws an Error saying what is wrong when the backup is not one or is inconsistent. */
  static fromBackup(json: string): EditLog {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch (error) {
      throw new Error(`The edit backup is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = Backup.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      throw new Error(`The edit backup is invalid${where}: ${issue.message}`);
    }
    const backup = parsed.data;
    if (backup.applied > backup.entries.length) {
      throw new Error(`The edit backup is invalid: ${backup.applied} edits applied but only ${backup.entries.length} recorded.`);
    }
    const log = new EditLog();
    for (const [position, text] of backup.disk) {
      if (log.disk.has(position)) throw new Error(`The edit backup is invalid: record ${position} has two disk texts.`);
      log.disk.set(position, text);
    }
    // Walk the entries in order: each must start from the text the previous one for its record left.
    const last = new Map<number, string>();
    backup.entries.forEach((entry, i) => {
      if (!log.disk.has(entry.position)) throw new Error(`The edit backup is invalid: edit ${i} touches record ${entry.position}, which has no disk text.`);
      const previous = last.get(entry.position);
      if (previous !== undefined && previous !== entry.before) {
        throw new Error(`The edit backup is invalid: edit ${i} of record ${entry.position} does not start where the edit before it ended.`);
      }
      last.set(entry.position, entry.after);
    });
    log.entries = backup.entries;
    log.applied = backup.applied;
    // A record's applied text: after its last applied entry, else before its first unapplied entry, else its disk text.
    for (const [position, text] of log.disk) log.current.set(position, text);
    const settled = new Set<number>();
    for (let i = backup.applied - 1; i >= 0; i--) {
      const entry = backup.entries[i];
      if (settled.has(entry.position)) continue;
      settled.add(entry.position);
      log.current.set(entry.position, entry.after);
    }
    for (let i = backup.applied; i < backup.entries.length; i++) {
      const entry = backup.entries[i];
      if (settled.has(entry.position)) continue;
      settled.add(entry.position);
      log.current.set(entry.position, entry.before);
    }
    for (const [position, text] of log.current) if (text !== log.disk.get(position)) log.differing.add(position);
    return log;
  }

  private setCurrent(position: number, text: string): void {
    this.current.set(position, text);
    if (text === this.disk.get(position)) this.differing.delete(position);
    else this.differing.add(position);
  }
}

function checkPosition(position: number): void {
  if (!Number.isSafeInteger(position) || position < 0) throw new Error(`Invalid record position: ${String(position)}.`);
}
