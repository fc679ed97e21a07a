/**
 * `parseChain` on a 2 MB chain (about 11,000 units of a closed action/observation step, a `<think>`, a stray
 * closing tag and an unclosed action; time references in each), beside two baselines measured in the
 * same run on the same text: `String.prototype.split('<')` (one pass cutting the text at every tag start)
 * and a plain scan of the same tag regex parseChain uses, counting the tags and nothing else.
 *   npm run bench:chain                # BENCH_MB (default 2), BENCH_RUNS (default 7) to change
 * Goal: under 200 ms for 2 MB (it was a unit test's threshold, which depended on the machine). The
 * ratios to the baselines are what to compare across machines.
 */
import { parseChain } from '../shared/chain/parseChain';

const GOAL_MS = 200;
const sizeMb = Number(process.env.BENCH_MB ?? 2);
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));

function chainOf(bytes: number): string {
  const step =
    'Now I look again. <action>query the segment from 01:09 to 01:13, focusing on the cup</action>\n' +
    '<observation>Between 00:07 and 00:15 the man lifts a green bottle (12.5s) at [75:10].</observation>\n';
  const unit = step + '<think>hmm</think> </observation> <action>unclosed ';
  return unit.repeat(Math.ceil(bytes / unit.length)) + '<answer>B</answer>';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median of `runs` timed calls after one warm-up call (for the JIT); each returns a count so its work is kept. */
function timed(run: () => number): { ms: number; all: number[]; result: number } {
  let result = run();
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = run();
    all.push(performance.now() - started);
  }
  return { ms: median(all), all, result };
}

function main(): void {
  const text = chainOf(sizeMb * 1024 * 1024);
  console.log(
    `chain: ${(text.length / 1024 / 1024).toFixed(1)} MB (${text.length.toLocaleString('en-US')} UTF-16 units); ${runs} runs each after a warm-up, medians`,
  );

  const split = timed(() => text.split('<').length);
  const TAG = /<(\/?)([A-Za-z][A-Za-z0-9_-]*)>/g;
  const regex = timed(() => {
    let tags = 0;
    TAG.lastIndex = 0;
    while (TAG.exec(text) !== null) tags++;
    return tags;
  });
  const parse = timed(() => {
    const parsed = parseChain(text);
    return parsed.steps.length + parsed.problems.length;
  });

  const line = (label: string, t: { ms: number; result: number }, extra = ''): void => {
    console.log(`${label.padEnd(36)} ${t.ms.toFixed(1).padStart(8)} ms  ${(text.length / 1024 / 1024 / (t.ms / 1000)).toFixed(0).padStart(5)} MB/s${extra}`);
  };
  line("baseline: text.split('<')", split, `  (${split.result.toLocaleString('en-US')} pieces)`);
  line('baseline: tag regex scan', regex, `  (${regex.result.toLocaleString('en-US')} tags)`);
  line('parseChain', parse, `  ${(parse.ms / split.ms).toFixed(1)}× split, ${(parse.ms / regex.ms).toFixed(1)}× regex scan`);
  const goalMs = (GOAL_MS * sizeMb) / 2;
  console.log(`goal < ${goalMs.toFixed(0)} ms for ${sizeMb} MB: ${parse.ms < goalMs ? 'meets the goal' : 'MISSES the goal'}`);
  console.log(
    `all runs (ms): split ${split.all.map((x) => x.toFixed(0)).join('/')}, regex ${regex.all.map((x) => x.toFixed(0)).join('/')}, parseChain ${parse.all
      .map((x) => x.toFixed(0))
      .join('/')}`,
  );
}

main();
