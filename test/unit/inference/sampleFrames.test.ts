import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { planFrames } from '../../../src/core/inference/framePlan';
import { InferenceFailure } from '../../../src/core/inference/inferenceFailure';
import { buildFrameArgs, frameFileName, sampleFrames } from '../../../src/core/inference/sampleFrames';
import { isAbortError } from '../../../src/core/video/runTool';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';
import { ffprobeJson, testTools } from '../helpers/videos';

const run = promisify(execFile);
const FPS = 25;

/** The picture as 8-bit grey at the plan's size. */
async function grey(args: string[], width: number, height: number): Promise<Buffer> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-nostdin', ...args, '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${width}x${height}`, '-'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

function meanDiff(a: Buffer, b: Buffer): number {
  assert.equal(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

describe('sampleFrames', () => {
  let video: string;
  before(async function () {
    this.timeout(60_000);
    testTools();
    video = path.join(tempDir(), 'testsrc 4s.mp4');
    await run('ffmpeg', [
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=duration=4:size=320x240:rate=${FPS}`,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-g',
      String(FPS),
      video,
    ]);
  });
  after(cleanTempFiles);

  it('builds one seek-and-scale ffmpeg call per frame', () => {
    const jobs = buildFrameArgs('/v/a b.mp4', { times: [0, 1.5], width: 308, height: 252 }, '/out');
    assert.equal(jobs.length, 2);
    assert.deepEqual(
      jobs.map((j) => j.output),
      [path.join('/out', 'frame-0001.jpg'), path.join('/out', 'frame-0002.jpg')],
    );
    assert.deepEqual(jobs[1].args, [
      '-hide_banner',
      '-nostdin',
      '-y',
      '-v',
      'error',
      '-ss',
      '1.499000',
      '-i',
      '/v/a b.mp4',
      '-map',
      '0:v:0',
      '-frames:v',
      '1',
      '-vf',
      'scale=308:252:flags=bicubic,setsar=1',
      '-c:v',
      'mjpeg',
      '-q:v',
      '3',
      '-f',
      'image2',
      '-update',
      '1',
      path.join('/out', 'frame-0002.jpg'),
    ]);
    assert.deepEqual(jobs[0].args.slice(5, 9), ['-ss', '0.000000', '-i', '/v/a b.mp4']);
    const preroll = buildFrameArgs('in', { times: [7.3], width: 28, height: 28 }, '/o', { preroll: 5 })[0].args;
    assert.deepEqual(preroll.slice(5, 11), ['-ss', '2.299000', '-i', 'in', '-ss', '5.000000']);
    assert.equal(frameFileName(11), 'frame-0012.jpg');
  });

  it('writes the planned number of JPEGs at the planned size, the exact frames qwen_vl_utils would pick', async function () {
    this.timeout(60_000);
    const plan = planFrames({ duration: 4, width: 320, height: 240, sourceFps: FPS });
    assert.equal(plan.count, 8);
    const out = path.join(tempDir(), 'frames');
    const files = await sampleFrames('ffmpeg', video, plan, out);
    assert.deepEqual(
      files,
      plan.times.map((_, i) => path.join(out, frameFileName(i))),
    );
    assert.deepEqual(
      fs.readdirSync(out).sort(),
      files.map((f) => path.basename(f)),
    );
    for (const file of files) {
      const probe = await ffprobeJson<{ streams: { codec_name: string; width: number; height: number }[] }>(file, [
        '-show_entries',
        'stream=codec_name,width,height',
      ]);
      assert.deepEqual(probe.streams[0], { codec_name: 'mjpeg', width: plan.width, height: plan.height });
    }
    // Each JPEG is its frame (JPEG noise only), not a neighbour.
    for (const i of [1, 4, 7]) {
      const index = Math.round(plan.times[i] * FPS);
      const got = await grey(['-i', files[i]], plan.width, plan.height);
      const frame = async (n: number) => grey(['-i', video, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1'], plan.width, plan.height);
      const exact = meanDiff(got, await frame(index));
      const before = meanDiff(got, await frame(index - 1));
      assert.ok(exact < 1.5 && exact < before / 2, `frame ${index}: ${exact.toFixed(2)} vs the one before ${before.toFixed(2)}`);
    }
  });

  it('samples the middles of equal parts without the source frame rate, one call at a time too', async function () {
    this.timeout(60_000);
    const plan = planFrames({ duration: 4, width: 320, height: 240, fps: 1 });
    const files = await sampleFrames('ffmpeg', video, plan, path.join(tempDir(), 'nested', 'dir'), undefined, { concurrency: 1 });
    assert.equal(files.length, 4);
    for (const file of files) assert.ok(fs.statSync(file).size > 0);
  });

  it('repeats the last frame found for times past the end of the video stream', async function () {
    this.timeout(60_000);
    const files = await sampleFrames('ffmpeg', video, { times: [1, 3.9, 10, 12], width: 56, height: 56 }, tempDir());
    assert.equal(files.length, 4);
    assert.deepEqual(fs.readFileSync(files[2]), fs.readFileSync(files[1]));
    assert.deepEqual(fs.readFileSync(files[3]), fs.readFileSync(files[1]));
  });

  it('fails with video-missing for a video that does not exist, before running ffmpeg', async () => {
    const out = path.join(tempDir(), 'never');
    await assert.rejects(
      sampleFrames('/no/such/ffmpeg', path.join(tempDir(), 'missing.mp4'), { times: [0], width: 28, height: 28 }, out),
      (error: unknown) => error instanceof InferenceFailure && error.code === 'video-missing' && /missing\.mp4/.test(error.message) && error.error.fix !== '',
    );
    assert.equal(fs.existsSync(out), false);
    await assert.rejects(
      sampleFrames('ffmpeg', tempDir(), { times: [0], width: 28, height: 28 }, out),
      (error: unknown) => error instanceof InferenceFailure && error.code === 'video-missing',
    );
  });

  it('fails with bad-request for a file ffmpeg cannot read, and removes what it wrote', async () => {
    const dir = tempDir();
    const bogus = path.join(dir, 'not-a-video.mp4');
    fs.writeFileSync(bogus, 'hello');
    const out = path.join(dir, 'out');
    await assert.rejects(
      sampleFrames('ffmpeg', bogus, { times: [0, 1], width: 28, height: 28 }, out),
      (error: unknown) => error instanceof InferenceFailure && error.code === 'bad-request',
    );
    assert.deepEqual(fs.readdirSync(out), []);
  });

  it('fails with internal (naming the install fix) when ffmpeg cannot be run', async () => {
    await assert.rejects(
      sampleFrames('/no/such/ffmpeg', video, { times: [0], width: 28, height: 28 }, tempDir()),
      (error: unknown) => error instanceof InferenceFailure && error.code === 'internal' && /ffmpeg/.test(error.error.fix),
    );
  });

  it('stops with an AbortError when cancelled', async function () {
    this.timeout(30_000);
    const controller = new AbortController();
    const plan = planFrames({ duration: 4, width: 320, height: 240, fps: 12, maxFrames: 48 });
    const out = tempDir();
    // Cancel once the first of the 48 frames shows up in the folder: the run is certainly mid-way then.
    const watcher = fs.watch(out, () => controller.abort());
    const promise = sampleFrames('ffmpeg', video, plan, out, controller.signal, { concurrency: 1 });
    try {
      await assert.rejects(promise, (error: unknown) => isAbortError(error));
    } finally {
      watcher.close();
    }
    assert.equal(controller.signal.aborted, true);
    assert.deepEqual(fs.readdirSync(out), []);
    const aborted = AbortSignal.abort();
    await assert.rejects(sampleFrames('ffmpeg', video, plan, out, aborted), (error: unknown) => isAbortError(error));
  });
});
