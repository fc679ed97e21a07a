import type { Problem } from '../../../shared/records/recordSummary';
import type { BuiltIndex } from '../buildIndex';
import { EXIT, type Io } from '../cliContext';

const PAGE = 5000;

/** Every problem of the file, in file order, paged out of the index so memory stays flat. */
function* allProblems(index: BuiltIndex): Generator<Problem> {
  for (let offset = 0; ; offset += PAGE) {
    const page = index.store.problems(PAGE, offset);
    yield* page;
    if (page.length < PAGE) return;
  }
}

/**
 * `validate FILE`: one line per problem in the form VS Code's problem matchers read
 * (`FILE:LINE:COL: severity: message [code]`), or one JSON object with `--json`.
 * Exit 0 when clean, 1 when there are errors or warnings.
 */
export function validate(file: string, index: BuiltIndex, json: boolean, io: Io): number {
  let failing = 0;
  const kinds = Object.fromEntries(index.store.countsBy('kind').map((c) => [String(c.value), c.count]));
  if (json) {
    // Streamed by hand so a file with a million problems never becomes one giant string.
    io.out(`{"file":${JSON.stringify(file)},"records":${index.progress.records},"kinds":${JSON.stringify(kinds)},"problems":[`);
    let first = true;
    for (const p of allProblems(index)) {
      if (p.severity !== 'info') failing++;
      const entry = {
        line: p.line,
        column: p.column,
        byteOffset: p.byteOffset,
        severity: p.severity,
        code: p.code,
        message: p.message,
        ...(p.position === undefined ? {} : { record: p.position }),
      };
      io.out(`${first ? '' : ','}\n${JSON.stringify(entry)}`);
      first = false;
    }
    io.out(`${first ? '' : '\n'}]}\n`);
  } else {
    for (const p of allProblems(index)) {
      if (p.severity !== 'info') failing++;
      io.out(`${file}:${p.line}:${p.column}: ${p.severity}: ${p.message} [${p.code}]\n`);
    }
    const summary = Object.entries(kinds)
      .map(([k, n]) => `${n.toLocaleString('en-US')} ${k}`)
      .join(', ');
    io.err(
      `${file}: ${index.progress.records.toLocaleString('en-US')} records (${summary || 'none'}), ${index.store.problemCount().toLocaleString('en-US')} problems\n`,
    );
  }
  return failing > 0 ? EXIT.problems : EXIT.ok;
}
