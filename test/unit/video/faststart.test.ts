import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mp4Faststart } from '../../../src/core/video/faststart';
import { cleanTempFiles, tempDir, tempFile } from '../helpers/tempFiles';
import { testVideos } from '../helpers/videos';

/** An ISO-BMFF box: 32-bit size, or size 1 with a 64-bit largesize, or size 0 ("to the end"). */
function box(type: string, payload = 0, form: 'normal' | 'large' | 'toEnd' = 'normal'): Buffer {
  if (form === 'large') {
    const header = Buffer.alloc(16);
    header.writeUInt32BE(1, 0);
    header.write(type, 4, 'latin1');
    header.writeBigUInt64BE(BigInt(16 + payload), 8);
    return Buffer.concat([header, Buffer.alloc(payload)]);
  }
  const header = Buffer.alloc(8);
  header.writeUInt32BE(form === 'toEnd' ? 0 : 8 + payload, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, Buffer.alloc(payload)]);
}

describe('mp4Faststart', () => {
  after(cleanTempFiles);

  const synthetic: [string, Buffer, boolean | null][] = [
    ['moov before mdat', Buffer.concat([box('ftyp', 12), box('moov', 100), box('mdat', 1000)]), true],
    ['moov after mdat', Buffer.concat([box('ftyp', 12), box('mdat', 1000), box('moov', 100)]), false],
    ['a 64-bit mdat before moov', Buffer.concat([box('ftyp', 12), box('free', 4), box('mdat', 5000, 'large'), box('moov', 100)]), false],
    ['a 64-bit moov first', Buffer.concat([box('ftyp', 12), box('moov', 40, 'large'), box('mdat', 100)]), true],
    ['an mdat that runs to the end with no moov', Buffer.concat([box('ftyp', 12), box('mdat', 1000, 'toEnd')]), null],
    ['a QuickTime file without ftyp', Buffer.concat([box('wide'), box('mdat', 300), box('moov', 50)]), false],
    ['fragmented MP4 (moov, then moof/mdat pairs)', Buffer.concat([box('ftyp', 12), box('moov', 100), box('moof', 20), box('mdat', 50)]), true],
    ['a truncated file whose moov is cut off', Buffer.concat([box('ftyp', 12), box('mdat', 1000)]).subarray(0, 500), null],
    ['bytes that are not boxes', Buffer.from([0, 0, 1, 0xba, 0x44, 0, 4, 0, 4, 1, 1, 0x89, 0xc3, 0xf8]), null],
    ['a text file', Buffer.from('{"not": "a video"}\n'), null],
    ['an empty file', Buffer.alloc(0), null],
    ['a box with an impossible size', Buffer.concat([Buffer.from([0, 0, 0, 4]), Buffer.from('moov'), box('mdat', 10)]), null],
  ];
  for (const [name, bytes, expected] of synthetic) {
    it(`returns ${expected} for ${name}`, () => assert.equal(mp4Faststart(tempFile('x.mp4', bytes)), expected));
  }

  it('returns null for a file it cannot read', () => {
    assert.equal(mp4Faststart(path.join(tempDir(), 'absent.mp4')), null);
    assert.equal(mp4Faststart(tempDir()), null);
  });

  const real: [keyof Awaited<ReturnType<typeof testVideos>>, boolean | null][] = [
    ['h264Mp4', true],
    ['h264AacMp4', true],
    ['h264MoovAtEnd', false],
    ['h264Mkv', null],
    ['h264Ts', null],
    ['mpeg2Mpg', null],
  ];
  for (const [name, expected] of real) {
    it(`returns ${expected} for the real ${name}`, async () => {
      const file = (await testVideos())[name];
      assert.ok(file && fs.existsSync(file));
      assert.equal(mp4Faststart(file), expected);
    });
  }
});
