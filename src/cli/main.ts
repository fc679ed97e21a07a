/**
 * `rewatch-inspector`: the Inspector's engine on the command line.
 *   rewatch-inspector validate FILE [--json]
 *   rewatch-inspector stats FILE [--json]
 *   rewatch-inspector steps FILE --record N [--json]
 *   rewatch-inspector index FILE [--force] [--json]
 *   rewatch-inspector score FILE [--captions CAPTIONS] [--judge URL --model NAME] [--json] [--jsonl OUT]
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { detectFormat } from '../core/reader/detectFormat';
import { sqliteDriver, sqliteMissingInCli } from '../core/store/sqlite/openDatabase';
import { buildIndex } from './buildIndex';
import { CliError, EXIT, Io, cacheDir, fieldMapping, processIo, requireReadableFile } from './cliContext';
import { indexCommand } from './subcommands/indexCommand';
import { stats } from './subcommands/stats';
import { score } from './subcommands/score';
import { cliJudge } from './subcommands/scoreJudge';
import { steps } from './subcommands/steps';
import { validate } from './subcommands/validate';

const HELP = `Usage: rewatch-inspector <command> FILE [options]

Commands:
  validate FILE        problems one per line as FILE:LINE:COL: severity: message [code]; the videos
                       (beside FILE or under --video-root) are probed with ffprobe for the
                       past-the-end checks. Exit 0 clean (hints only), 1 problems (errors,
                       warnings, information), 2 cannot read
  stats FILE           records by kind, question types, steps per chain, citation coverage, rewards
  steps FILE --record N
                       the parsed steps of record N (0-based) with their cited intervals in seconds
  index FILE           build the index (or reuse it if the file is unchanged) and print throughput
  score FILE           recompute the O&R reward parts for every record: r_fmt, r_acc (letter match),
                       the total from its parts, GRPO advantages per prompt group, and the evidence
                       check per step against the captions (a heuristic r_obs*); with --judge, r_obs
                       and r_rea from a judge model. One JSON line per record (stdout, or --jsonl OUT),
                       then a summary (stderr, or stdout with --jsonl). Exit 0 when the logged rewards
                       agree with the recomputation, 1 when a record's disagree.

Options:
  --json               machine-readable output
  --field ROLE=KEY     map a field (repeatable); overrides FILE.rewatch.json. Roles: id, video, source,
                       duration, question, questionType, category, options, answer, chain, caption,
                       completions, promptId, rewards, advantage
  --index-dir DIR      where indexes are cached (default: $XDG_CACHE_HOME/rewatch-inspector/indexes)
  --force              rebuild the index even if the file is unchanged
  --max-record-mb N    records longer than N MB are problems, not read (default 256)
  --video-root DIR     validate: a folder videos are looked for under (repeatable)
  --severity CODE=LEVEL
                       validate: a problem code's severity (error, warning, information, hint, off;
                       repeatable), like the rewatchInspector.problems.severity setting
  --no-probe           validate: do not probe the videos (no ffprobe runs)
  --captions FILE      score: caption file(s) (ReWatch-Caption JSON/JSONL, repeatable); default:
                       files with "caption" in their name beside FILE
  --jsonl OUT          score: write the per-record lines to OUT (atomically) instead of stdout
  --judge URL          score: an OpenAI-compatible endpoint (e.g. http://127.0.0.1:8000/v1) that
                       judges r_obs per step and r_rea; the API key, if any, from $REWATCH_JUDGE_API_KEY
  --model NAME         score: the judge's model name (required with --judge)
  --judge-prompts FILE score: your own judge prompts (a copy of resources/judge-prompts.json)
  --concurrency N      score: judge calls at once (default 4)
  --timeout S          score: seconds per judge call (default 60)
  -h, --help           this help
`;

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        record: { type: 'string' },
        field: { type: 'string', multiple: true, default: [] },
        'index-dir': { type: 'string' },
        'max-record-mb': { type: 'string' },
        force: { type: 'boolean', default: false },
        captions: { type: 'string', multiple: true, default: [] },
        'video-root': { type: 'string', multiple: true, default: [] },
        severity: { type: 'string', multiple: true, default: [] },
        'no-probe': { type: 'boolean', default: false },
        jsonl: { type: 'string' },
        judge: { type: 'string' },
        model: { type: 'string' },
        'judge-prompts': { type: 'string' },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${HELP}`);
    return EXIT.unreadable;
  }
  const { values, positionals } = parsed;
  const [command, fileArg, ...extra] = positionals;
  if (values.help || command === undefined) {
    (values.help ? io.out : io.err)(HELP);
    return values.help ? EXIT.ok : EXIT.unreadable;
  }
  try {
    if (extra.length > 0) throw new CliError(`Unexpected argument: ${extra[0]}`);
    if (!['validate', 'stats', 'steps', 'index', 'score'].includes(command)) throw new CliError(`Unknown command "${command}".\n\n${HELP}`);
    const file = requireReadableFile(fileArg);
    const sidecar = fieldMapping(file, values.field, io);
    if (command === 'steps') {
      const position = Number(values.record);
      if (values.record === undefined || !Number.isInteger(position) || position < 0) throw new CliError('steps needs --record N (a record number from 0).');
      return steps(file, detectFormat(file), sidecar, position, values.json, io);
    }
    if (sqliteDriver() === undefined) throw new CliError(sqliteMissingInCli(process.versions.node));
    const judge = command === 'score' ? await cliJudge(values, cacheDir(values['index-dir'])) : undefined;
    const maxRecordMb = values['max-record-mb'] === undefined ? 256 : Number(values['max-record-mb']);
    if (!(maxRecordMb > 0 && maxRecordMb <= 500)) throw new CliError('--max-record-mb takes a number of megabytes from 1 to 500.');
    const index = await buildIndex(
      file,
      { storageDir: cacheDir(values['index-dir']), sidecar, force: values.force, maxRecordBytes: Math.round(maxRecordMb * 1024 * 1024) },
      io,
    );
    try {
      if (command === 'validate') {
        return await validate(file, index, { json: values.json, videoRoots: values['video-root'], severity: values.severity, probe: !values['no-probe'] }, io);
      }
      if (command === 'stats') return stats(file, index, values.json, io);
      if (command === 'score') {
        const storageDir = cacheDir(values['index-dir']);
        return await score(file, index, { captions: values.captions, storageDir, json: values.json, jsonlOut: values.jsonl, judge }, io);
      }
      return indexCommand(file, index, fs.statSync(file).size, values.json, io);
    } finally {
      index.release();
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`rewatch-inspector: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

if (require.main === module) {
  // `… | head`: the reader left; stop quietly instead of dying on EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`rewatch-inspector: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT.unreadable;
    },
  );
}
