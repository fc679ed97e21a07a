import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FFMPEG_INSTALL_HINT, locateFfmpeg } from '../../../src/core/video/locateFfmpeg';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

/** Creates `names` in a fresh folder; executable unless listed in `plain`. They are never run. */
function bin(names: string[], plain: string[] = []): string {
  const dir = tempDir();
  for (const name of [...names, ...plain]) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, '#!/bin/sh\n');
    fs.chmodSync(file, plain.includes(name) ? 0o644 : 0o755);
  }
  return dir;
}

describe('locateFfmpeg', () => {
  after(cleanTempFiles);

  it('takes a configured ffmpeg binary and the ffprobe beside it', () => {
    const dir = bin(['ffmpeg', 'ffprobe']);
    assert.deepEqual(locateFfmpeg(path.join(dir, 'ffmpeg'), { PATH: '' }), { ffmpeg: path.join(dir, 'ffmpeg'), ffprobe: path.join(dir, 'ffprobe') });
  });

  it('takes a configured folder holding both', () => {
    const dir = bin(['ffmpeg', 'ffprobe']);
    assert.deepEqual(locateFfmpeg(`  ${dir}  `, { PATH: '' }), { ffmpeg: path.join(dir, 'ffmpeg'), ffprobe: path.join(dir, 'ffprobe') });
  });

  it('pairs a renamed ffmpeg with its like-named ffprobe', () => {
    const dir = bin(['ffmpeg-7', 'ffprobe-7', 'ffprobe']);
    assert.deepEqual(locateFfmpeg(path.join(dir, 'ffmpeg-7'), {}), { ffmpeg: path.join(dir, 'ffmpeg-7'), ffprobe: path.join(dir, 'ffprobe-7') });
  });

  const configuredErrors: [string, () => string, RegExp][] = [
    ['a path that does not exist', () => path.join(tempDir(), 'nope', 'ffmpeg'), /is not an executable file/],
    ['a file that is not executable', () => path.join(bin([], ['ffmpeg']), 'ffmpeg'), /is not an executable file/],
    ['a folder without ffmpeg', () => bin(['ffprobe']), /no executable ffmpeg in the folder/],
    ['an ffmpeg without ffprobe beside it', () => path.join(bin(['ffmpeg']), 'ffmpeg'), /no executable ffprobe beside it/],
  ];
  for (const [name, setting, message] of configuredErrors) {
    it(`reports a configured path that is ${name}, without falling back to PATH`, () => {
      const onPath = bin(['ffmpeg', 'ffprobe']);
      const configured = setting();
      const result = locateFfmpeg(configured, { PATH: onPath });
      assert.ok('error' in result, JSON.stringify(result));
      assert.match(result.error, message);
      assert.ok(result.error.includes(configured) || result.error.includes(path.dirname(configured)), result.error);
      assert.ok(result.error.includes('rewatchInspector.ffmpegPath'));
      assert.ok(result.error.endsWith(FFMPEG_INSTALL_HINT));
    });
  }

  it('searches PATH in order, preferring the ffprobe beside ffmpeg', () => {
    const first = bin(['ffprobe']);
    const second = bin(['ffmpeg', 'ffprobe']);
    assert.deepEqual(locateFfmpeg(undefined, { PATH: [first, second].join(':') }, 'linux'), {
      ffmpeg: path.join(second, 'ffmpeg'),
      ffprobe: path.join(second, 'ffprobe'),
    });
  });

  it('takes ffprobe from elsewhere on PATH when it is not beside ffmpeg', () => {
    const a = bin(['ffmpeg']);
    const b = bin(['ffprobe']);
    assert.deepEqual(locateFfmpeg('', { PATH: `${a}::${b}` }, 'linux'), { ffmpeg: path.join(a, 'ffmpeg'), ffprobe: path.join(b, 'ffprobe') });
  });

  it('skips non-executable files on PATH', () => {
    const a = bin([], ['ffmpeg', 'ffprobe']);
    const b = bin(['ffmpeg', 'ffprobe']);
    assert.deepEqual(locateFfmpeg(undefined, { PATH: `${a}:${b}` }, 'linux'), { ffmpeg: path.join(b, 'ffmpeg'), ffprobe: path.join(b, 'ffprobe') });
  });

  it('says what was missing and where it looked', () => {
    const a = bin(['ffmpeg']);
    const result = locateFfmpeg(undefined, { PATH: a }, 'linux');
    assert.deepEqual(result, { error: `Could not find ffprobe on PATH (${a}). ${FFMPEG_INSTALL_HINT}` });
    const none = locateFfmpeg(undefined, {}, 'linux');
    assert.deepEqual(none, { error: `Could not find ffmpeg and ffprobe on PATH (PATH is empty). ${FFMPEG_INSTALL_HINT}` });
  });

  it('uses Path and the spawnable PATHEXT extensions on Windows', () => {
    const cmdOnly = bin(['ffmpeg.cmd', 'ffprobe.cmd']);
    const exes = bin(['ffmpeg.exe', 'ffprobe.exe']);
    assert.deepEqual(locateFfmpeg(undefined, { Path: `${cmdOnly};"${exes}"`, PATHEXT: '.COM;.EXE;.BAT;.CMD' }, 'win32'), {
      ffmpeg: path.join(exes, 'ffmpeg.exe'),
      ffprobe: path.join(exes, 'ffprobe.exe'),
    });
    assert.deepEqual(locateFfmpeg(exes, {}, 'win32'), { ffmpeg: path.join(exes, 'ffmpeg.exe'), ffprobe: path.join(exes, 'ffprobe.exe') });
  });

  it('finds the real ffmpeg and ffprobe on this machine', () => {
    const result = locateFfmpeg(undefined);
    assert.ok('ffmpeg' in result, 'error' in result ? result.error : '');
    assert.equal(path.basename(result.ffmpeg), 'ffmpeg');
    assert.equal(path.basename(result.ffprobe), 'ffprobe');
  });

  it('mentions how to install ffmpeg and the setting', () => {
    assert.match(FFMPEG_INSTALL_HINT, /apt-get install ffmpeg/);
    assert.match(FFMPEG_INSTALL_HINT, /brew install ffmpeg/);
    assert.match(FFMPEG_INSTALL_HINT, /winget install ffmpeg/);
    assert.match(FFMPEG_INSTALL_HINT, /rewatchInspector\.ffmpegPath/);
  });
});
