import { parseChain, type ParsedChain } from '../../../shared/chain/parseChain';
import { formatClock } from '../../../shared/chain/timeRefs';
import type { Sidecar } from '../../../shared/records/fieldMapping';
import { profileFile, scannerFor } from '../../core/index/profileFile';
import type { FileFormat } from '../../core/reader/detectFormat';
import type { RawRecord } from '../../core/reader/rawRecord';
import { extractRecord } from '../../core/records/extractRecord';
import { isBlankRecord, parseRecord } from '../../core/records/parseRecord';
import { CliError, EXIT, type Io } from '../cliContext';

/** The record at a 0-based position (blank lines do not count, as in the index), read by streaming up to it. */
function findRecord(file: string, format: FileFormat, position: number): RawRecord | undefined {
  let seen = 0;
  let found: RawRecord | undefined;
  scannerFor(format)(file, (raw) => {
    if (raw.oversize === undefined && isBlankRecord(raw.bytes)) return true;
    if (seen++ < position) return true;
    found = { ...raw, bytes: Buffer.from(raw.bytes) }; // the scanner reuses its buffer
    return false;
  });
  return found;
}

/** One chain as the CLI prints it: steps with their cited intervals in seconds. */
function describeChain(chain: ParsedChain) {
  return {
    steps: chain.steps.map((s) => ({
      step: s.index + 1,
      action: s.action?.text.trim() ?? null,
      observation: s.observation?.text.trim() ?? null,
      intervals: s.intervals,
    })),
    answer: chain.answer ?? null,
    intervals: chain.intervals,
    problems: chain.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, from: p.from, to: p.to })),
  };
}

const span = (i: { start: number; end: number }) =>
  i.start === i.end ? `${formatClock(i.start)} (${i.start}s)` : `${formatClock(i.start)}–${formatClock(i.end)} (${i.start}–${i.end}s)`;

/** `steps FILE --record N`: the parsed steps of one record with the moments each cites. */
export function steps(file: string, format: FileFormat, sidecar: Sidecar, position: number, json: boolean, io: Io): number {
  const raw = findRecord(file, format, position);
  if (!raw) throw new CliError(`${file} has no record ${position} (records are numbered from 0).`, EXIT.problems);
  if (raw.oversize !== undefined)
    throw new CliError(`${file}:${raw.line}:1: record ${position} is ${(raw.oversize / 1024 / 1024).toFixed(1)} MB, too large to read.`, EXIT.problems);
  const parsed = parseRecord(raw);
  if (parsed.value === undefined) {
    const p = parsed.problems[0];
    throw new CliError(`${file}:${p?.line ?? raw.line}:${p?.column ?? 1}: record ${position} is malformed: ${p?.message ?? 'not JSON'}`, EXIT.problems);
  }
  const profile = profileFile(file, format, sidecar);
  const record = extractRecord(parsed.value, profile);
  const chains = record.kind === 'cot' ? [record.chain] : record.kind === 'rollout' ? record.completions.map((c) => c.text) : [];
  const described = chains.map((c) => describeChain(parseChain(c)));
  if (json) {
    const one = described.length === 1 ? described[0] : undefined;
    io.out(
      `${JSON.stringify({ file, record: position, line: raw.line, id: record.id, kind: record.kind, ...(one ?? { completions: described }) }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  const lines = [`${file} record ${position} (line ${raw.line}${record.id === null ? '' : `, id ${record.id}`}): ${record.kind}`];
  if (described.length === 0) lines.push(`  no chain (field mapping: ${JSON.stringify(profile.fields)})`);
  described.forEach((chain, c) => {
    if (described.length > 1) lines.push(`completion ${c + 1}:`);
    if (chain.steps.length === 0) lines.push('  no <action>/<observation> steps');
    for (const s of chain.steps) {
      lines.push(`  step ${s.step}: ${s.intervals.length === 0 ? 'cites no moment' : s.intervals.map(span).join(', ')}`);
      if (s.action !== null) lines.push(`    action:      ${s.action}`);
      if (s.observation !== null) lines.push(`    observation: ${s.observation}`);
    }
    lines.push(`  answer: ${chain.answer ?? '(none)'}`);
    for (const p of chain.problems) lines.push(`  ${p.severity}: ${p.message} [${p.code}]`);
  });
  io.out(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
