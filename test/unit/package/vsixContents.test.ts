import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yauzl from 'yauzl';
import { VSCODE_FLOOR } from '../../../src/core/store/sqlite/openDatabase';
import { repoRoot } from '../../../tools/codeServer';

const VSIX = path.join(repoRoot, 'build/rewatch-inspector.vsix');

/** Every file name in a zip, from its central directory. */
function entries(zip: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(zip, { lazyEntries: false, autoClose: true }, (error, file) => {
      if (error) return reject(error);
      const names: string[] = [];
      file.on('entry', (entry: yauzl.Entry) => names.push(entry.fileName));
      file.on('end', () => resolve(names));
      file.on('error', reject);
    });
  });
}

describe('the packaged .vsix (npm run package)', () => {
  let names: string[];
  before(async function () {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` (npm test does) first`);
    names = await entries(VSIX);
  });

  it('holds no native binary and no node_modules: one universal package for every platform and VS Code', () => {
    assert.deepEqual(
      names.filter((n) => /\.node$/i.test(n) || /(^|\/)node_modules\//.test(n)),
      [],
    );
    assert.ok(names.includes('extension/dist/extension.js'));
  });

  it('holds only the bundles, the worker script, the docs and the manifest', () => {
    const allowed =
      /^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(package\.json|readme\.md|changelog\.md|LICENSE(\.txt)?|media\/icon\.png|docs\/screenshot-1600\.png|resources\/judge-prompts\.json|python\/(rewatch_worker\.py|README\.md)|dist\/(extension|indexWorker|parseWorker|scoreWorker|webview)\.js|dist\/webview\.css))$/i;
    assert.deepEqual(
      names.filter((n) => !allowed.test(n)),
      [],
    );
  });

  it(`states VS Code ${VSCODE_FLOOR} as its floor, the first whose extension host has node:sqlite with FTS5`, () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      engines: { vscode: string };
      devDependencies: Record<string, string>;
      dependencies: Record<string, string>;
    };
    assert.equal(manifest.engines.vscode, `^${VSCODE_FLOOR}.0`);
    assert.equal(manifest.devDependencies['@types/vscode'], `${VSCODE_FLOOR}.0`);
    assert.equal(manifest.dependencies['better-sqlite3'], undefined, 'better-sqlite3 is only an optional dependency of the CLI');
  });
});
