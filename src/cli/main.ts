/**
 * `rewatch-inspector`: the Inspector's engine on the command line.
 *   rewatch-inspector validate FILE [--json]
 *   rewatch-inspector stats FILE [--json]
 *   rewatch-inspector steps FILE --record N [--json]
 *   rewatch-inspector index FILE [--force] [--json]
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { detectFormat } from '../core/reader/detectFormat';
import { buildIndex } from './buildIndex';
import { CliError, EXIT, Io, cacheDir, fieldMapping, processIo, requireReadableFile } from './cliContext';
import { indexCommand } from './commands/indexCommand';
import { stats } from './commands/stats';
import { steps } from './commands/steps';
import { validate } from './commands/validate';

const HELP = `Usage: rewatch-inspector <command> FILE [options]

Commands:
  validate FILE        problems one per line as FILE:LINE:COL: severity: message [code]
                       exit 0 clean, 1 problems (errors or warnings), 2 cannot read
  stats FILE           records by kind, question types, steps per chain, citation coverage, rewards
  steps FILE --record N
                       the parsed steps of record N (0-based) with their cited intervals in seconds
  index FILE           build the index (or reuse it if the file is unchanged) and print throughput

Options:
  --json               machine-readable output
  --field ROLE=KEY     map a field (repeatable); overrides FILE.rewatch.json. Roles: id, video, source,
                       duration, question, questionType, category, options, answer, chain, caption,
                       completions, promptId, rewards, advantage
  --index-dir DIR      where indexes are cached (default: $XDG_CACHE_HOME/rewatch-inspector/indexes)
  --force              rebuild the index even if the file is unchanged
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
        force: { type: 'boolean', default: false },
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
    if (!['validate', 'stats', 'steps', 'index'].includes(command)) throw new CliError(`Unknown command "${command}".\n\n${HELP}`);
    const file = requireReadableFile(fileArg);
    const sidecar = fieldMapping(file, values.field, io);
    if (command === 'steps') {
      const position = Number(values.record);
      if (values.record === undefined || !Number.isInteger(position) || position < 0) throw new CliError('steps needs --record N (a record number from 0).');
      return steps(file, detectFormat(file), sidecar, position, values.json, io);
    }
    const index = await buildIndex(file, { storageDir: cacheDir(values['index-dir']), sidecar, force: values.force }, io);
    try {
      if (command === 'validate') return validate(file, index, values.json, io);
      if (command === 'stats') return stats(file, index, values.json, io);
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
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`rewatch-inspector: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT.unreadable;
    },
  );
}
