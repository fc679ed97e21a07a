import { strict as assert } from 'node:assert';
import { isInside, safeRoot } from '../../../src/core/video/webviewRoots';

describe('webview roots', () => {
  it('never the file system root, the home folder or a folder above it', () => {
    const home = '/home/ann';
    for (const dir of ['/', '/home', '/home/ann', '/home/ann/', '/home/../home/ann']) assert.equal(safeRoot(dir, home), false, dir);
    for (const dir of ['/home/ann/videos', '/data/vript', '/etc', '/home/bob']) assert.equal(safeRoot(dir, home), true, dir);
  });

  it('a record naming ../../../../etc/passwd resolves to /etc: allowed only as /etc itself, never as /', () => {
    const resolved = '/data/set/../../../../etc/passwd';
    assert.equal(safeRoot('/data/set/../../../..', '/home/ann'), false);
    assert.equal(isInside('/etc/passwd', '/etc'), true);
    assert.equal(isInside(resolved, '/data'), false);
  });

  it('isInside: a folder, its children, not its siblings', () => {
    assert.equal(isInside('/a/b', '/a/b'), true);
    assert.equal(isInside('/a/b/c', '/a/b'), true);
    assert.equal(isInside('/a/bc', '/a/b'), false);
    assert.equal(isInside('/a', '/a/b'), false);
  });
});
