import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CaptionLibrary } from '../../../src/core/captions/captionLibrary';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

const SAMPLES = path.resolve(__dirname, '../../../../samples');

describe('CaptionLibrary', () => {
  after(cleanTempFiles);

  it('finds caption-named siblings, and sees one added later', () => {
    const dir = tempDir();
    const dataset = path.join(dir, 'cot.jsonl');
    fs.writeFileSync(dataset, '');
    fs.writeFileSync(path.join(dir, 'caption.json'), '[]');
    fs.writeFileSync(path.join(dir, 'notes.json'), '[]');
    const library = new CaptionLibrary(tempDir());
    assert.deepEqual(library.captionFilesFor(dataset, []), [path.join(dir, 'caption.json')]);
    fs.writeFileSync(path.join(dir, 'more-captions.jsonl'), '');
    // A folder's mtime only changes when an entry is added or removed: make sure it moved.
    const later = new Date(fs.statSync(dir).mtimeMs + 2000);
    fs.utimesSync(dir, later, later);
    assert.deepEqual(library.captionFilesFor(dataset, []), [path.join(dir, 'caption.json'), path.join(dir, 'more-captions.jsonl')]);
    assert.deepEqual(
      library.captionFilesFor(path.join(dir, 'caption.json'), []),
      [path.join(dir, 'more-captions.jsonl')],
      'a caption file is not its own caption source',
    );
    assert.deepEqual(
      library.captionFilesFor(dataset, ['notes.json', 'missing.json']),
      [path.join(dir, 'notes.json')],
      'configured files win, missing ones are dropped',
    );
  });

  it('looks a video up in the sample caption array once it is indexed', async () => {
    const library = new CaptionLibrary(tempDir());
    try {
      const files = library.captionFilesFor(path.join(SAMPLES, 'rewatch-cot.jsonl'), []);
      assert.deepEqual(
        files.map((f) => path.basename(f)),
        ['rewatch-captions.json'],
      );
      const found = await library.lookupSoon(files, 'videos/coloured-squares.mp4', 10_000);
      assert.ok(found !== undefined && found !== 'pending');
      assert.equal(found.origin, 'rewatch-captions.json');
      assert.equal(found.segments.length, 7);
      assert.equal(library.lookup(files, 'videos/not-captioned.mp4'), undefined);
    } finally {
      library.dispose();
    }
  });
});
