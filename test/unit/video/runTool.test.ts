import * as assert from 'node:assert/strict';
import { deferred, hasSettled, useFakeClock } from '../../support/clock';
import { AbortError, ToolError, isAbortError, lastLines, runTool, toolName } from '../../../src/core/video/runTool';

/** Runs a Node script as the "tool": portable, and no shell involved. */
const node = (script: string) => [process.execPath, ['-e', script]] as const;

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

describe('runTool', () => {
  it('resolves with stdout, stderr and code 0', async () => {
    const result = await runTool(...node("process.stdout.write('out'); process.stderr.write('err')"));
    assert.equal(result.stdout.toString(), 'out');
    assert.equal(result.stderr, 'err');
    assert.equal(result.code, 0);
  });

  it('passes arguments as they are, without a shell', async () => {
    const tricky = ["it's", '$HOME', 'a b', '"quoted"', "scale=-2:'min(480,ih)'", '; rm -rf /'];
    const result = await runTool(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', ...tricky]);
    assert.deepEqual(JSON.parse(result.stdout.toString()), tricky);
  });

  it('splits stdout and stderr into lines across chunks and line endings', async () => {
    const out: string[] = [];
    const err: string[] = [];
    // The rest is written once the first chunk has been flushed, so it usually comes as another chunk.
    const script =
      "process.stdout.write('a=1\\nb=', () => { process.stdout.write('2\\r\\nc=3\\r'); process.stdout.write('\\nd=4'); process.stderr.write('x\\ny'); })";
    const result = await runTool(...node(script), { onStdoutLine: (l) => out.push(l), onStderrLine: (l) => err.push(l), collectStdout: false });
    assert.deepEqual(out, ['a=1', 'b=2', 'c=3', 'd=4']);
    assert.deepEqual(err, ['x', 'y']);
    assert.equal(result.stdout.length, 0, 'collectStdout: false keeps no stdout');
  });

  it('rejects with a ToolError naming the tool and quoting the last stderr lines', async () => {
    const script = "process.stderr.write('noise 1\\nnoise 2\\n\\n  a.mpg: Invalid data found when processing input  \\n\\n'); process.exit(3)";
    const error = await runTool(...node(script)).then(
      () => assert.fail('should reject'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ToolError);
    assert.equal(error.code, 3);
    assert.equal(error.command, process.execPath);
    assert.match(error.stderrTail, /noise 1/);
    assert.match(error.message, /^node failed \(exit code 3\): /);
    assert.match(error.message, /a\.mpg: Invalid data found when processing input$/);
  });

  it('keeps only the last ~64 KB of a long stderr', async () => {
    const script =
      "for (let i = 0; i < 5000; i++) process.stderr.write('line ' + i + ' ' + 'x'.repeat(60) + '\\n'); process.stderr.write('the end\\n', () => process.exit(1))";
    const error = (await runTool(...node(script)).catch((e: unknown) => e)) as ToolError;
    assert.ok(error instanceof ToolError);
    assert.ok(error.stderrTail.length <= 64 * 1024, `stderrTail is ${error.stderrTail.length} chars`);
    assert.ok(error.stderrTail.length > 32 * 1024);
    assert.match(error.stderrTail, /the end\n$/);
    assert.match(error.message, /the end$/);
  });

  it('says a missing tool was not found', async () => {
    await assert.rejects(runTool('/nonexistent/rewatch-ffmpeg', ['-version']), { message: '/nonexistent/rewatch-ffmpeg was not found' });
    await assert.rejects(runTool('rewatch-no-such-tool-on-path', []), { message: 'rewatch-no-such-tool-on-path was not found' });
  });

  it('says a tool that cannot be executed could not be started', async () => {
    await assert.rejects(runTool(__filename, []), { message: `${__filename} could not be started: permission denied (is it an executable file?)` });
  });

  it('stops the tool and rejects when a line callback throws', async () => {
    let pid = 0;
    const running = runTool(...node('console.log(process.pid); setInterval(() => {}, 1000)'), {
      onStdoutLine: (line) => {
        pid = Number(line);
        throw new Error('panel closed');
      },
    });
    await assert.rejects(running, { message: 'panel closed' });
    assert.ok(isGone(pid));
  });

  it('kills the child when the signal aborts, and rejects with an AbortError', async () => {
    // The child would run forever: only the abort can end it.
    const controller = new AbortController();
    let pid = 0;
    const running = runTool(...node('console.log(process.pid); setInterval(() => {}, 1000)'), {
      signal: controller.signal,
      onStdoutLine: (line) => {
        pid = Number(line);
        controller.abort();
      },
    });
    await assert.rejects(running, (e: unknown) => isAbortError(e) && e instanceof AbortError);
    assert.ok(pid > 0);
    assert.ok(isGone(pid), 'the child has exited and been reaped');
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(runTool('/nonexistent/tool', [], { signal: controller.signal }), { name: 'AbortError' });
  });

  describe('timeout (fake clock)', () => {
    const clock = useFakeClock();

    it('stops a tool that runs past its timeout, when the timeout is up and not before', async () => {
      const up = deferred<number>();
      const running = runTool(...node('console.log(process.pid); setInterval(() => {}, 1000)'), {
        timeoutMs: 300,
        onStdoutLine: (line) => up.resolve(Number(line)),
      });
      const pid = await up.promise;
      clock().tick(299);
      assert.equal(await hasSettled(running), false, 'still running 299 ms in');
      assert.equal(isGone(pid), false);
      clock().tick(1);
      await assert.rejects(running, { message: 'node timed out after 0.3 s and was stopped' });
      assert.ok(isGone(pid), 'the child has exited and been reaped');
    });
  });

  it('reports a tool killed by a signal it did not expect', async () => {
    await assert.rejects(runTool(...node("process.kill(process.pid, 'SIGTERM')")), { name: 'ToolError', code: -1, message: /^node was killed by SIGTERM/ });
  });

  const names: [string, string][] = [
    ['/usr/bin/ffmpeg', 'ffmpeg'],
    ['C:\\ffmpeg\\bin\\ffprobe.exe', 'ffprobe'],
    ['ffmpeg', 'ffmpeg'],
  ];
  for (const [command, name] of names) {
    it(`names ${command} "${name}" in messages`, () => assert.equal(toolName(command), name));
  }

  it('quotes the last non-blank lines', () => {
    assert.equal(lastLines('a\n\n b \r\nc\n\n', 2), 'b\nc');
    assert.equal(lastLines('', 3), '');
  });
});
