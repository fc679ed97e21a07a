/**
 * `score FILE`: recomputes the deterministic reward parts and the evidence check for every record
 * (and r_obs/r_rea through a judge when one is given), streams one JSON line per record, and prints a
 * summary. Exit 0 when the logged rewards agree with the recomputation, 1 when any record disagrees.
 */
import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { CaptionLibrary } from '../../core/captions/captionLibrary';
import { CaptionSource } from '../../core/scoring/captionSource';
import { scoreFile, ScoringCancelled, type ScoredRecord } from '../../core/scoring/scoreFile';
import { scoreLine } from '../../core/scoring/scoreLine';
import { ScoreSummary } from '../../core/scoring/scoreSummary';
import type { BuiltIndex } from '../buildIndex';
import { CliError, EXIT, type Io } from '../cliContext';
import type { CliJudge } from './scoreJudge';

export interface ScoreOptions {
  /** Caption files; empty: caption-named files beside the dataset. */
  captions: readonly string[];
  storageDir: string;
  json: boolean;
  /** Write the JSONL here instead of stdout. */
  jsonlOut?: string;
  judge?: CliJudge;
}

export async function score(file: string, index: BuiltIndex, options: ScoreOptions, io: Io): Promise<number> {
  const library = new CaptionLibrary(options.storageDir);
  const missing = options.captions.find((f) => !fs.existsSync(f));
  if (missing !== undefined) throw new CliError(`${missing}: cannot read (no such file).`);
  const captions = new CaptionSource(
    library,
    library.captionFilesFor(
      path.resolve(file),
      options.captions.map((f) => path.resolve(f)),
    ),
  );
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  const summary = new ScoreSummary();
  const tmp = options.jsonlOut === undefined ? undefined : tempBeside(options.jsonlOut);
  // 'wx': a fresh file of a random name, never one (or a link) that is already there.
  let out = tmp === undefined ? undefined : fs.openSync(tmp, 'wx', 0o644);
  const close = () => {
    if (out !== undefined) fs.closeSync(out);
    out = undefined;
  };
  const write = (scored: ScoredRecord) => {
    summary.add(scored);
    // With --json alone only the summary is printed: no line to build.
    if (out === undefined && options.json) return;
    const line = `${JSON.stringify(scoreLine(scored))}\n`;
    if (out !== undefined) fs.writeSync(out, line);
    else io.out(line);
  };
  const started = performance.now();
  try {
    await captions.ready();
    const run = options.judge?.wrap(write, controller.signal);
    await scoreFile({
      filePath: file,
      store: index.store,
      profile: index.profile,
      captionsFor: (video) => captions.indexFor(video),
      signal: controller.signal,
      onRecord: run?.onRecord ?? write,
      onProgress: (done, total) => {
        if (io.tty) io.err(`\r\x1b[Kscoring ${Math.floor((100 * done) / Math.max(1, total))}% · ${done.toLocaleString('en-US')} records`);
      },
    });
    await run?.finish();
    if (out !== undefined && tmp !== undefined && options.jsonlOut !== undefined) {
      fs.fsyncSync(out);
      close();
      fs.renameSync(tmp, options.jsonlOut);
    }
  } catch (error) {
    if (tmp !== undefined) {
      close();
      fs.rmSync(tmp, { force: true });
    }
    if (error instanceof ScoringCancelled || controller.signal.aborted) throw new CliError('Cancelled.', EXIT.cancelled);
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    library.dispose();
    if (io.tty) io.err('\r\x1b[K');
  }
  const seconds = (performance.now() - started) / 1000;
  const result = { file, captionFiles: captions.files, ...summary.toJSON(), seconds, recordsPerSecond: summary.records / Math.max(seconds, 1e-9) };
  if (options.json) io.out(`${JSON.stringify(result)}\n`);
  else (options.jsonlOut === undefined ? io.err : io.out)(humanSummary(result, summary));
  return summary.recordsWithMismatch.size > 0 ? EXIT.problems : EXIT.ok;
}

const num = (x: number) => x.toLocaleString('en-US');
const fixed = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : '—');

function humanSummary(result: Record<string, unknown>, summary: ScoreSummary): string {
  const mismatches = Object.entries(summary.mismatches)
    .map(([code, n]) => `${code} ${num(n)}`)
    .join(', ');
  return [
    `${String(result.file)}: scored ${num(summary.scored)} of ${num(summary.records)} records (${num(summary.completions)} chains) in ${(result.seconds as number).toFixed(1)} s, ${num(Math.round(result.recordsPerSecond as number))} records/s`,
    `  caption files: ${summary.records === 0 || (result.captionFiles as string[]).length === 0 ? 'none (only captions inside the records are used)' : (result.captionFiles as string[]).map((f) => path.basename(f)).join(', ')}`,
    `  mean total: logged ${fixed(result.meanLoggedTotal)}, recomputed ${fixed(result.meanRecomputedTotal)}; r_obs* (evidence, heuristic) ${fixed(result.meanObsEstimate)}${result.meanJudgeObs === null ? '' : `; judge r_obs ${fixed(result.meanJudgeObs)}`}`,
    `  accuracy (offline) ${fixed(result.accuracy)}; format failures ${num(summary.formatFailures)}; zero-variance groups ${num(summary.zeroVarianceGroups.size)}`,
    `  records whose logged rewards disagree: ${num(summary.recordsWithMismatch.size)}${mismatches ? ` (${mismatches})` : ''}`,
    '',
  ].join('\n');
}

/** A temp file beside OUT that nobody can guess (the rename onto OUT is then atomic). */
function tempBeside(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.rewatch-score-${randomBytes(6).toString('hex')}.tmp`);
}
