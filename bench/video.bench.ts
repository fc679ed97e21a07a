/**
 * The video side's speed, every figure beside a baseline measured in the same run:
 *   npm run bench:video               (BENCH_VIDEO_SECONDS, default 120)
 * - Proxy creation, as a multiple of real time, for a remux (H.264 + AAC in Matroska → MP4) and a
 *   transcode (MPEG-2 in an .mpg → 480p H.264). Baseline: ffmpeg reading the same file and throwing
 *   the packets away (`-c copy -f null`) / decoding it (`-f null`): the floor a proxy cannot beat.
 * - Thumbnail extraction (one frame, input seeking) on the proxy, against probing the same file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locateFfmpeg } from '../src/core/video/locateFfmpeg';
import { makeProxy } from '../src/core/video/makeProxy';
import { playbackPlan } from '../src/core/video/playbackPlan';
import { probeVideo } from '../src/core/video/probe';
import { runTool } from '../src/core/video/runTool';
import { extractThumbnail } from '../src/core/video/thumbnails';

const seconds = Number(process.env.BENCH_VIDEO_SECONDS ?? 120);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const tools = locateFfmpeg(undefined);
  if ('error' in tools) throw new Error(tools.error);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-video-bench-'));
  try {
    const mkv = path.join(work, 'h264-aac.mkv');
    const mpg = path.join(work, 'mpeg2.mpg');
    console.log(`Making a ${seconds} s 1280x720 H.264 + AAC MKV and a ${seconds} s 720x480 MPEG-2 .mpg…`);
    await runTool(tools.ffmpeg, [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=1280x720:rate=30:duration=${seconds}`,
      '-f',
      'lavfi',
      '-i',
      `sine=duration=${seconds}`,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-g',
      '60',
      '-c:a',
      'aac',
      mkv,
    ]);
    await runTool(tools.ffmpeg, [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=720x480:rate=25:duration=${seconds}`,
      '-f',
      'lavfi',
      '-i',
      `sine=duration=${seconds}`,
      '-c:v',
      'mpeg2video',
      '-q:v',
      '4',
      '-c:a',
      'mp2',
      '-output_ts_offset',
      '3',
      '-f',
      'mpeg',
      mpg,
    ]);

    const rows: string[] = [];
    for (const [label, input, baselineArgs, goal] of [
      ['remux (H.264 + AAC MKV → MP4)', mkv, ['-v', 'error', '-i', mkv, '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-'], 50],
      ['transcode (MPEG-2 .mpg → 480p H.264)', mpg, ['-v', 'error', '-i', mpg, '-map', '0:v:0', '-f', 'null', '-'], undefined],
    ] as const) {
      const probe = await probeVideo(tools, input);
      const plan = playbackPlan(probe);
      const baselineMs = await timed(() => runTool(tools.ffmpeg, baselineArgs));
      const output = path.join(work, `${path.basename(input)}.proxy.mp4`);
      const result = await makeProxy(tools, input, output, plan, probe, { maxHeight: 480, audio: 'none' });
      const realTime = result.speed;
      const goalText = goal === undefined ? 'reported' : realTime >= goal ? `meets the goal (≥ ${goal}×)` : `MISSES the goal (≥ ${goal}×)`;
      rows.push(
        `${label.padEnd(40)} plan ${plan.mode.padEnd(9)} ${result.ms.toFixed(0).padStart(6)} ms = ${realTime.toFixed(1)}× real time ` +
          `(baseline ffmpeg ${baselineArgs.includes('copy') ? 'copy' : 'decode'} to null: ${baselineMs.toFixed(0)} ms, ratio ${(result.ms / baselineMs).toFixed(2)}×) — ${goalText}`,
      );

      const thumbTimes: number[] = [];
      const probeTimes: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = ((i * 7919) % (seconds * 10)) / 10;
        thumbTimes.push(await timed(() => extractThumbnail(tools, output, t, path.join(work, `thumb-${i}.jpg`))));
        probeTimes.push(await timed(() => probeVideo(tools, output)));
      }
      rows.push(
        `${''.padEnd(40)} thumbnail on the proxy: median ${median(thumbTimes).toFixed(0)} ms (baseline ffprobe of the same file: ${median(probeTimes).toFixed(0)} ms, ratio ${(median(thumbTimes) / median(probeTimes)).toFixed(2)}×)`,
      );
    }
    console.log(`\n${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}; ffmpeg at ${tools.ffmpeg}`);
    for (const row of rows) console.log(row);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
