/**
 * Another program writing the dataset while the Inspector saves it: nothing it wrote may be lost, and
 * the save must say so. The other writer acts from the save's own hooks (between two chunks of the
 * copy, or after the copy), so each race happens at a known point, without timing.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replaceConcerns } from '../../../src/core/save/replaceConcerns';
import { DiskChangedError, identityOf, removeStaleSaveTemps, writeEditedFile } from '../../../src/core/save/writeEditedFile';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

const records = (n: number) =>
  Array.from({ length: n }, (_, i) => `${JSON.stringify({ id: `r${i}`, question: 'What happens?', cot: 'x'.repeat(200) })}\n`).join('');
const temps = (dir: string) => fs.readdirSync(dir).filter((f) => f.includes('.rewatch-save-'));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail('the save went through');
}

describe('saving while another program writes the file', () => {
  after(cleanTempFiles);
  const firstLine = (content: string) => ({ byteOffset: 0, byteLength: content.indexOf('\n'), text: '{"id":"edited"}' });

  it('an append during the copy: the save stops, the appended record is kept, no temp file stays', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    const original = records(200);
    fs.writeFileSync(file, original);
    const appended = `${JSON.stringify({ id: 'from-another-program' })}\n`;
    let once = false;
    const error = await rejection(
      writeEditedFile({
        source: file,
        destination: file,
        replacements: [firstLine(original)],
        chunkSize: 4096,
        hooks: { afterChunk: () => void (once ||= (fs.appendFileSync(file, appended), true)) },
      }),
    );
    assert.ok(error instanceof DiskChangedError && error.when === 'during', String(error));
    assert.match(error.message, /changed on disk while it was being saved; nothing was written/);
    assert.equal(fs.readFileSync(file, 'utf8'), original + appended);
    assert.deepEqual(temps(dir), []);
  });

  it('a truncation during the copy: the save stops at the missing bytes, the shorter file stays, no temp file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    const original = records(200);
    fs.writeFileSync(file, original);
    const kept = original.slice(0, 1000);
    let once = false;
    const error = await rejection(
      writeEditedFile({
        source: file,
        destination: file,
        replacements: [firstLine(original)],
        chunkSize: 4096,
        // After the first chunk the file is cut to 1000 bytes: the next read, at 4096, finds nothing.
        hooks: { afterChunk: () => void (once ||= (fs.truncateSync(file, kept.length), true)) },
      }),
    );
    assert.ok(error instanceof DiskChangedError && error.when === 'during', String(error));
    assert.equal(error.file, file);
    assert.equal(error.message, 'data.jsonl changed on disk while it was being saved; nothing was written (reload it, or keep your edits and save again).');
    assert.equal(fs.readFileSync(file, 'utf8'), kept);
    assert.deepEqual(temps(dir), []);
  });

  it('a `mv` over the file during the copy: the new file stays as its writer left it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    const original = records(200);
    fs.writeFileSync(file, original);
    const replacement = records(3);
    let once = false;
    const error = await rejection(
      writeEditedFile({
        source: file,
        destination: file,
        replacements: [firstLine(original)],
        chunkSize: 4096,
        hooks: {
          afterChunk: () => {
            if (once) return;
            once = true;
            fs.writeFileSync(path.join(dir, 'incoming'), replacement);
            fs.renameSync(path.join(dir, 'incoming'), file);
          },
        },
      }),
    );
    assert.ok(error instanceof DiskChangedError && error.when === 'during', String(error));
    assert.equal(fs.readFileSync(file, 'utf8'), replacement);
    assert.deepEqual(temps(dir), []);
  });

  it('a rewrite of the same size after the copy, just before the rename, is caught by the last check', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    const original = records(20);
    fs.writeFileSync(file, original);
    const rewritten = original.replace('r5"', 'R5"');
    const error = await rejection(
      writeEditedFile({
        source: file,
        destination: file,
        replacements: [firstLine(original)],
        // The same size: only the mtime (and inode, here) tell it apart.
        hooks: { beforeFinalCheck: () => void (fs.writeFileSync(file, rewritten), fs.utimesSync(file, new Date(), new Date(Date.UTC(2030, 0, 1)))) },
      }),
    );
    assert.ok(error instanceof DiskChangedError, String(error));
    assert.equal(fs.readFileSync(file, 'utf8'), rewritten);
  });

  it('a file that changed after the caller read it: refused before anything is written', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    const original = records(5);
    fs.writeFileSync(file, original);
    const readThen = identityOf(fs.statSync(file));
    fs.appendFileSync(file, '{"id":"late"}\n');
    const error = await rejection(writeEditedFile({ source: file, destination: file, replacements: [firstLine(original)], expect: readThen }));
    assert.ok(error instanceof DiskChangedError && error.when === 'before', String(error));
    assert.equal(error.name, 'DiskChangedError');
    assert.equal(error.message, 'data.jsonl changed on disk since it was read; nothing was written (reload it, or keep your edits and save again).');
    assert.equal(fs.readFileSync(file, 'utf8'), `${original}{"id":"late"}\n`);
    assert.deepEqual(temps(dir), []);
  });

  it('with no other writer it saves, and returns the saved file as the next save must find it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    const original = records(5);
    fs.writeFileSync(file, original);
    const result = await writeEditedFile({ source: file, destination: file, replacements: [firstLine(original)], expect: identityOf(fs.statSync(file)) });
    assert.deepEqual(result.identity, identityOf(fs.statSync(file)));
    assert.ok(fs.readFileSync(file, 'utf8').startsWith('{"id":"edited"}\n'));
  });
});

describe('what a save leaves behind, and around', () => {
  after(cleanTempFiles);

  it('removes the temp files of saves whose process died, and only those', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    fs.writeFileSync(file, '{}\n');
    // A process id that cannot exist (above Linux's pid_max) and this process's own.
    const dead = `.data.jsonl.rewatch-save-4194305-0a1b2c3d4e5f.tmp`;
    const live = `.data.jsonl.rewatch-save-${process.pid}-0a1b2c3d4e5f.tmp`;
    const otherFile = `.other.jsonl.rewatch-save-4194305-0a1b2c3d4e5f.tmp`;
    for (const name of [dead, live, otherFile]) fs.writeFileSync(path.join(dir, name), 'half a save');
    assert.deepEqual(await removeStaleSaveTemps(file), [dead]);
    assert.deepEqual(fs.readdirSync(dir).sort(), [live, otherFile, 'data.jsonl'].sort());
  });

  it('keeps a read-only file read-only', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    fs.writeFileSync(file, '{"a":1}\n');
    fs.chmodSync(file, 0o444);
    await writeEditedFile({ source: file, destination: file, replacements: [{ byteOffset: 0, byteLength: 7, text: '{"a":2}' }] });
    assert.equal(fs.statSync(file).mode & 0o777, 0o444);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"a":2}\n');
  });

  it("keeps another user's ownership when root saves their file", async function () {
    if (process.getuid?.() !== 0) this.skip(); // only root can make a file someone else's (CI runs as root)
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    fs.writeFileSync(file, '{"a":1}\n');
    fs.chownSync(file, 4242, 4343);
    const result = await writeEditedFile({ source: file, destination: file, replacements: [{ byteOffset: 0, byteLength: 7, text: '{"a":2}' }] });
    assert.equal(result.ownerChanged, undefined);
    const stat = fs.statSync(file);
    assert.deepEqual([stat.uid, stat.gid], [4242, 4343]);
  });

  it("tells a user who saves someone else's (group-writable) file that it is theirs now", function () {
    if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/setpriv')) this.skip(); // needs root to act as two users
    const dir = tempDir();
    fs.chmodSync(dir, 0o777);
    const file = path.join(dir, 'data.jsonl');
    fs.writeFileSync(file, '{"a":1}\n');
    fs.chownSync(file, 0, 4343);
    fs.chmodSync(file, 0o664);
    // The other user runs a copy of the compiled module in the shared folder (the tests' own folder may be private to root).
    const core = path.resolve(__dirname, '../../../src/core');
    for (const module of ['save/writeEditedFile.js', 'processAlive.js']) {
      fs.mkdirSync(path.join(dir, 'core', path.dirname(module)), { recursive: true });
      fs.copyFileSync(path.join(core, module), path.join(dir, 'core', module));
    }
    fs.chmodSync(path.join(dir, 'core'), 0o755);
    fs.chmodSync(path.join(dir, 'core', 'save'), 0o755);
    const script = `require(${JSON.stringify(path.join(dir, 'core/save/writeEditedFile.js'))}).writeEditedFile({ source: ${JSON.stringify(file)}, destination: ${JSON.stringify(file)}, replacements: [{ byteOffset: 0, byteLength: 7, text: '{"a":2}' }] }).then((r) => console.log(JSON.stringify(r.ownerChanged)))`;
    // User 4242 in group 4343 may write the file but not give it back to root.
    const run = spawnSync('/usr/bin/setpriv', ['--reuid', '4242', '--regid', '4343', '--clear-groups', process.execPath, '-e', script], {
      encoding: 'utf8',
      cwd: dir,
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { from: 0, to: 4242 });
    assert.equal(fs.statSync(file).uid, 4242);
  });
});

describe('replaceConcerns: what the editor asks before saving over a file', () => {
  after(cleanTempFiles);

  it('a read-only file, a file with two more hard links, a plain file, no file', async () => {
    const dir = tempDir();
    const plain = path.join(dir, 'plain.jsonl');
    fs.writeFileSync(plain, '{}\n');
    assert.deepEqual(await replaceConcerns(plain), { readOnly: false, otherLinks: 0 });
    const locked = path.join(dir, 'locked.jsonl');
    fs.writeFileSync(locked, '{}\n');
    fs.chmodSync(locked, 0o444);
    assert.deepEqual(await replaceConcerns(locked), { readOnly: true, otherLinks: 0 });
    const linked = path.join(dir, 'linked.jsonl');
    fs.writeFileSync(linked, '{}\n');
    fs.linkSync(linked, path.join(dir, 'second.jsonl'));
    fs.linkSync(linked, path.join(dir, 'third.jsonl'));
    assert.deepEqual(await replaceConcerns(linked), { readOnly: false, otherLinks: 2 });
    assert.equal(await replaceConcerns(path.join(dir, 'new.jsonl')), undefined);
  });
});
