import * as path from 'node:path';
import type { Problem } from '../../../shared/records/recordSummary';
import { ProblemLevel, counts, levelOf, type SeverityOverrides } from '../../../shared/problems/problemCodes';
import { durationPass, type ProbedRecord } from '../../core/problems/videoDurations';
import { locateFfmpeg } from '../../core/video/locateFfmpeg';
import { probeVideo } from '../../core/video/probe';
import { resolveVideo } from '../../core/video/resolveVideo';
import type { BuiltIndex } from '../buildIndex';
import { CliError, EXIT, type Io } from '../cliContext';

const PAGE = 5000;

export interface ValidateOptions {
  json: boolean;
  /** Folders videos are looked for under (besides the dataset's folder), like rewatchInspector.videoRoots. */
  videoRoots?: readonly string[];
  /** `CODE=LEVEL` pairs, like rewatchInspector.problems.severity. */
  severity?: readonly string[];
  /** Probe the videos for their durations (past-the-end checks); on unless false. */
  probe?: boolean;
  /** The ffmpeg binary or its folder (default: PATH). */
  ffmpeg?: string;
}

/** `--severity CODE=LEVEL` pairs as overrides. */
export function parseSeverities(pairs: readonly string[]): SeverityOverrides {
  const overrides: SeverityOverrides = {};
  for (const pair of pairs) {
    const [code, level] = pair.split('=', 2);
    const parsed = ProblemLevel.safeParse(level);
    if (!code || !parsed.success) throw new CliError(`--severity takes CODE=LEVEL with LEVEL one of ${ProblemLevel.options.join(', ')}; got "${pair}".`);
    overrides[code] = parsed.data;
  }
  return overrides;
}

/**
 * Every problem of the file, in file order, paged out of the index so memory stays flat; the records
 * the duration pass analyzed again come with their new problems instead of the stored ones.
 */
function* allProblems(index: BuiltIndex, replaced: readonly ProbedRecord[]): Generator<Problem> {
  const byOffset = replaced.map((r) => ({ ...r, at: index.store.recordAt(r.position)?.byteOffset ?? 0 })).sort((a, b) => a.at - b.at);
  const positions = new Set(replaced.map((r) => r.position));
  let next = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = index.store.problems(PAGE, offset);
    for (const p of page) {
      if (p.position !== undefined && positions.has(p.position)) continue;
      while (next < byOffset.length && byOffset[next].at <= p.byteOffset) yield* byOffset[next++].problems;
      yield p;
    }
    if (page.length < PAGE) break;
  }
  while (next < byOffset.length) yield* byOffset[next++].problems;
}

/** The durations of the file's videos (found beside the dataset or under the roots), probed with ffprobe. */
async function probeDurations(file: string, index: BuiltIndex, options: ValidateOptions, overrides: SeverityOverrides, io: Io): Promise<ProbedRecord[]> {
  if (options.probe === false) return [];
  const tools = locateFfmpeg(options.ffmpeg);
  if ('error' in tools) {
    io.err(`note: no ffprobe, so times past a video's end are only checked against the records' own durations (${tools.error})\n`);
    return [];
  }
  const datasetDir = path.dirname(path.resolve(file));
  const { records } = await durationPass({
    filePath: file,
    store: index.store,
    profile: index.profile,
    overrides,
    probe: async (video, source) => {
      const found = resolveVideo({ video, source, datasetDir, workspaceDirs: [], videoRoots: options.videoRoots ?? [], sourceRoots: {} }).path;
      return found === undefined ? null : (await probeVideo(tools, found)).duration;
    },
  });
  return records;
}

/**
 * `validate FILE`: one line per problem in the form VS Code's problem matchers read
 * (`FILE:LINE:COL: severity: message [code]`), or one JSON object with `--json`. Severities are the
 * catalogue's, changed by `--severity CODE=LEVEL`; codes set to `off` are left out. Exit 0 when no
 * problem counts (errors, warnings, information), 1 when one does; hints never fail the file.
 */
export async function validate(file: string, index: BuiltIndex, options: ValidateOptions, io: Io): Promise<number> {
  const overrides = parseSeverities(options.severity ?? []);
  const replaced = await probeDurations(file, index, options, overrides, io);
  let failing = 0;
  let shown = 0;
  const kinds = Object.fromEntries(index.store.countsBy('kind').map((c) => [String(c.value), c.count]));
  const leveled = function* (): Generator<{ p: Problem; level: Exclude<ProblemLevel, 'off'> }> {
    for (const p of allProblems(index, replaced)) {
      const level = levelOf(p.code, overrides, p.severity);
      if (level === 'off') continue;
      shown++;
      if (counts(level)) failing++;
      yield { p, level };
    }
  };
  if (options.json) {
    // Streamed by hand so a file with a million problems never becomes one giant string.
    io.out(`{"file":${JSON.stringify(file)},"records":${index.progress.records},"kinds":${JSON.stringify(kinds)},"problems":[`);
    let first = true;
    for (const { p, level } of leveled()) {
      const entry = {
        line: p.line,
        column: p.column,
        endLine: p.endLine,
        endColumn: p.endColumn,
        byteOffset: p.byteOffset,
        severity: level,
        code: p.code,
        message: p.message,
        ...(p.position === undefined ? {} : { record: p.position }),
      };
      io.out(`${first ? '' : ','}\n${JSON.stringify(entry)}`);
      first = false;
    }
    io.out(`${first ? '' : '\n'}]}\n`);
  } else {
    for (const { p, level } of leveled()) io.out(`${file}:${p.line}:${p.column}: ${level}: ${p.message} [${p.code}]\n`);
    const summary = Object.entries(kinds)
      .map(([k, n]) => `${n.toLocaleString('en-US')} ${k}`)
      .join(', ');
    const hints = shown - failing;
    io.err(
      `${file}: ${index.progress.records.toLocaleString('en-US')} records (${summary || 'none'}), ${failing.toLocaleString('en-US')} problems` +
        `${hints > 0 ? ` and ${hints.toLocaleString('en-US')} hints` : ''}\n`,
    );
  }
  return failing > 0 ? EXIT.problems : EXIT.ok;
}
