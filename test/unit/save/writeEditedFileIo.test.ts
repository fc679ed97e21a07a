/**
 * What writeEditedFile asks of the file system, watched by wrapping the `fs.promises` calls it makes:
 * how it reads the source (chunk by chunk, never into a buffer still being written), how it copes with
 * short writes, and that the folder is fsynced after the rename (the rename is only durable then).
 */
import { strict as assert } from 'node:assert';
import crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeEditedFile } from '../../../src/core/save/writeEditedFile';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

type Open = typeof fs.promises.open;

interface Watch {
  /** What happened, in order: `<op> <who>` where who is `source`, `temp`, `dir` or `dest`. */
  events: string[];
  /** Each read of the source: [position, length asked]. */
  reads: [number, number][];
  /** A read was issued into memory a write had not finished with. */
  clobbered: number;
  restore: () => void;
}

interface WatchOptions {
  /** Bytes the temp file takes per write call at most (a short write). */
  maxWrite?: number;
  /** The folder's fsync fails (as on file systems that refuse it). */
  dirSyncFails?: boolean;
}

const overlaps = (a: Buffer, b: Buffer): boolean => a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.length && b.byteOffset < a.byteOffset + a.length;

/** Wraps fs.promises.open (and rename) for the duration of one save in `dir`. */
function watchFs(dir: string, source: string, options: WatchOptions = {}): Watch {
  const promises = fs.promises;
  const realOpen: Open = promises.open;
  const realRename = promises.rename;
  const watch: Watch = { events: [], reads: [], clobbered: 0, restore: () => ((promises.open = realOpen), (promises.rename = realRename)) };
  const who = (file: string): string => {
    if (path.resolve(String(file)) === path.resolve(source)) return 'source';
    if (path.resolve(String(file)) === path.resolve(dir)) return 'dir';
    return path.basename(String(file)).includes('.rewatch-save-') ? 'temp' : 'dest';
  };
  const pending = new Set<Buffer>();
  promises.open = (async (file: fs.PathLike, flags?: string | number, mode?: fs.Mode) => {
    const handle = await realOpen(file, flags, mode);
    const name = who(String(file));
    watch.events.push(`open ${name}`);
    const read = handle.read.bind(handle) as (b: Buffer, o: number, l: number, p: number) => Promise<fs.promises.FileReadResult<Buffer>>;
    const write = handle.write.bind(handle) as (b: Buffer, o: number, l: number, p: number) => Promise<{ bytesWritten: number; buffer: Buffer }>;
    const sync = handle.sync.bind(handle);
    const close = handle.close.bind(handle);
    Object.assign(handle, {
      read: (buffer: Buffer, offset: number, length: number, position: number) => {
        if (name === 'source') {
          watch.reads.push([position, length]);
          if ([...pending].some((b) => overlaps(b, buffer.subarray(offset, offset + length)))) watch.clobbered++;
        }
        return read(buffer, offset, length, position);
      },
      write: async (buffer: Buffer, offset: number, length: number, position: number) => {
        const bytes = buffer.subarray(offset, offset + length);
        pending.add(bytes);
        try {
          // Finish a turn of the event loop later: whatever the save does next without waiting happens first.
          await new Promise<void>((resolve) => setImmediate(resolve));
          return await write(buffer, offset, Math.min(length, options.maxWrite ?? length), position);
        } finally {
          pending.delete(bytes);
        }
      },
      sync: async () => {
        watch.events.push(`sync ${name}`);
        if (name === 'dir' && options.dirSyncFails) throw Object.assign(new Error('EINVAL: invalid argument, fsync'), { code: 'EINVAL' });
        return sync();
      },
      close: async () => {
        watch.events.push(`close ${name}`);
        return close();
      },
    });
    return handle;
  }) as Open;
  promises.rename = async (from: fs.PathLike, to: fs.PathLike) => {
    watch.events.push(`rename ${who(String(from))} ${who(String(to))}`);
    return realRename(from, to);
  };
  return watch;
}

async function watched<T>(dir: string, source: string, options: WatchOptions, save: () => Promise<T>): Promise<{ watch: Watch; result: T }> {
  const watch = watchFs(dir, source, options);
  try {
    return { watch, result: await save() };
  } finally {
    watch.restore();
  }
}

describe('writeEditedFile: its file-system calls', () => {
  after(cleanTempFiles);

  it('fsyncs the temp file before the rename and the folder after it, closing every handle', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    fs.writeFileSync(file, '{"a":1}\n{"b":2}\n');
    const { watch } = await watched(dir, file, {}, () =>
      writeEditedFile({ source: file, destination: file, replacements: [{ byteOffset: 0, byteLength: 7, text: '{"a":2}' }] }),
    );
    assert.deepEqual(watch.events, [
      'open source',
      'open temp',
      'sync temp',
      'close temp',
      'close source',
      'rename temp source',
      'open dir',
      'sync dir',
      'close dir',
    ]);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"a":2}\n{"b":2}\n');
  });

  it('a folder that refuses fsync does not fail the save, and its handle is still closed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    fs.writeFileSync(file, '{"a":1}\n');
    const { watch, result } = await watched(dir, file, { dirSyncFails: true }, () =>
      writeEditedFile({ source: file, destination: file, replacements: [{ byteOffset: 0, byteLength: 7, text: '{"a":22}' }] }),
    );
    assert.deepEqual(watch.events.slice(-3), ['open dir', 'sync dir', 'close dir']);
    assert.equal(result.bytes, 9);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"a":22}\n');
  });

  it('reads the source one chunk at a time around a replacement that spans a chunk boundary', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'letters.txt');
    fs.writeFileSync(file, 'abcdefghijklmnopqrstuvwx');
    // Bytes 5..10 ("fghijk") straddle the boundary at 8; the copy skips them.
    const { watch, result } = await watched(dir, file, {}, () =>
      writeEditedFile({ source: file, destination: file, chunkSize: 8, replacements: [{ byteOffset: 5, byteLength: 6, text: '_' }] }),
    );
    assert.deepEqual(watch.reads, [
      [0, 5],
      [11, 8],
      [19, 5],
    ]);
    assert.equal(fs.readFileSync(file, 'utf8'), 'abcde_lmnopqrstuvwx');
    assert.equal(result.bytes, 19);
  });

  it('reads 1 MiB chunks by default', async function () {
    this.timeout(20_000);
    const dir = tempDir();
    const file = path.join(dir, 'big.bin');
    const content = Buffer.alloc((1 << 20) + 100, 'z');
    content.write('head', 0);
    fs.writeFileSync(file, content);
    const { watch } = await watched(dir, file, {}, () => writeEditedFile({ source: file, destination: file, replacements: [] }));
    assert.deepEqual(watch.reads, [
      [0, 1048576],
      [1048576, 100],
    ]);
    assert.deepEqual(fs.readFileSync(file), content);
  });

  it('reads the next chunk while the last one is written, never into the buffer being written', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.bin');
    const content = Buffer.from(Array.from({ length: 100 }, (_, i) => (i * 7) % 251));
    fs.writeFileSync(file, content);
    const { watch } = await watched(dir, file, {}, () =>
      writeEditedFile({ source: file, destination: file, chunkSize: 10, replacements: [{ byteOffset: 45, byteLength: 10, text: 'XY' }] }),
    );
    // Two copies: [0, 45) and [55, 100), ten bytes a read.
    assert.deepEqual(
      watch.reads.map(([position]) => position),
      [0, 10, 20, 30, 40, 55, 65, 75, 85, 95],
    );
    assert.equal(watch.clobbered, 0);
    assert.deepEqual(fs.readFileSync(file), Buffer.concat([content.subarray(0, 45), Buffer.from('XY'), content.subarray(55)]));
  });

  it('finishes short writes: every byte reaches the temp file at its place', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    const content = '{"a":1}\n{"b":2}\n{"c":3}\n';
    fs.writeFileSync(file, content);
    const { result } = await watched(dir, file, { maxWrite: 3 }, () =>
      writeEditedFile({ source: file, destination: file, chunkSize: 5, replacements: [{ byteOffset: 8, byteLength: 7, text: '{"b":"é long"}' }] }),
    );
    const want = '{"a":1}\n{"b":"é long"}\n{"c":3}\n';
    assert.equal(fs.readFileSync(file, 'utf8'), want);
    assert.equal(result.bytes, Buffer.byteLength(want));
  });
});

/** Runs `save` with the temp file's handle reporting `owner` as its owner and refusing chown (EPERM), as for a user who may not give a file away. */
async function withTempOwner<T>(owner: { uid: number; gid: number }, save: () => Promise<T>): Promise<{ result: T; chowns: [number, number][] }> {
  const promises = fs.promises;
  const realOpen: Open = promises.open;
  const chowns: [number, number][] = [];
  promises.open = (async (file: fs.PathLike, flags?: string | number, mode?: fs.Mode) => {
    const handle = await realOpen(file, flags, mode);
    if (!path.basename(String(file)).includes('.rewatch-save-')) return handle;
    const stat = handle.stat.bind(handle) as () => Promise<fs.Stats>;
    Object.assign(handle, {
      stat: async () => Object.assign(await stat(), owner),
      chown: async (uid: number, gid: number) => {
        chowns.push([uid, gid]);
        throw Object.assign(new Error('EPERM: operation not permitted, fchown'), { code: 'EPERM' });
      },
    });
    return handle;
  }) as Open;
  try {
    return { result: await save(), chowns };
  } finally {
    promises.open = realOpen;
  }
}

describe('writeEditedFile: an owner it may not keep', () => {
  after(cleanTempFiles);

  it('tries to give the file back and, refused, says whose it was and whose it is now', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    fs.writeFileSync(file, '{"a":1}\n');
    const original = fs.statSync(file);
    const { result, chowns } = await withTempOwner({ uid: original.uid + 1, gid: original.gid }, () =>
      writeEditedFile({ source: file, destination: file, replacements: [{ byteOffset: 0, byteLength: 7, text: '{"a":2}' }] }),
    );
    assert.deepEqual(chowns, [[original.uid, original.gid]]);
    assert.deepEqual(result.ownerChanged, { from: original.uid, to: original.uid + 1 });
    assert.equal(fs.readFileSync(file, 'utf8'), '{"a":2}\n');
  });

  it('only a group it may not keep is no change of owner to report', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    fs.writeFileSync(file, '{"a":1}\n');
    const original = fs.statSync(file);
    const { result, chowns } = await withTempOwner({ uid: original.uid, gid: original.gid + 1 }, () =>
      writeEditedFile({ source: file, destination: file, replacements: [{ byteOffset: 0, byteLength: 7, text: '{"a":2}' }] }),
    );
    assert.deepEqual(chowns, [[original.uid, original.gid]]);
    assert.equal(result.ownerChanged, undefined);
    assert.equal('ownerChanged' in result, false);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"a":2}\n');
  });
});

describe('writeEditedFile: a temp file name already taken', () => {
  after(cleanTempFiles);

  it('fails without deleting the file that holds the name (another save’s temp file)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data.jsonl');
    fs.writeFileSync(file, '{"a":1}\n');
    const bytes = Buffer.from('a1b2c3d4e5f6', 'hex');
    const taken = path.join(dir, `.data.jsonl.rewatch-save-${process.pid}-${bytes.toString('hex')}.tmp`);
    fs.writeFileSync(taken, 'another save in progress');
    const realRandomBytes = crypto.randomBytes;
    (crypto as { randomBytes: unknown }).randomBytes = (size: number) => (size === 6 ? Buffer.from(bytes) : realRandomBytes(size));
    try {
      await assert.rejects(writeEditedFile({ source: file, destination: file, replacements: [{ byteOffset: 0, byteLength: 7, text: '{"a":2}' }] }), {
        code: 'EEXIST',
      });
    } finally {
      (crypto as { randomBytes: unknown }).randomBytes = realRandomBytes;
    }
    assert.equal(fs.readFileSync(taken, 'utf8'), 'another save in progress');
    assert.equal(fs.readFileSync(file, 'utf8'), '{"a":1}\n');
  });
});
