// Bundles the extension host, the indexing workers, the CLI and the webview with esbuild.
//   node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';

mkdirSync('build', { recursive: true }); // where `npm run package` writes the .vsix

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

/** Node side: `vscode` comes from the host, better-sqlite3 is native and ships in node_modules. */
const host = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'better-sqlite3'],
  // Prefer ES modules: some packages' "main" is a UMD build esbuild cannot follow (jsonc-parser).
  mainFields: ['module', 'main'],
  entryPoints: {
    extension: 'src/extension.ts',
    indexWorker: 'src/core/index/indexWorker.ts',
    parseWorker: 'src/core/index/parseWorker.ts',
    scoreWorker: 'src/core/scoring/scoreWorker.ts',
  },
  outdir: 'dist',
};

/** The `rewatch-inspector` command: the same engine, its workers beside it in dist/. */
const cli = {
  ...host,
  entryPoints: { cli: 'src/cli/main.ts' },
  banner: { js: '#!/usr/bin/env node' },
};

const webview = {
  ...common,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  entryPoints: { webview: 'webview/main.ts' },
  outdir: 'dist',
};

const styles = {
  ...common,
  entryPoints: { webview: 'webview/styles.css' },
  outdir: 'dist',
};

const builds = [host, cli, webview, styles];
if (watch) {
  // The lines VS Code's watch task (.vscode/tasks.json) waits for: F5 starts once a build finished.
  const announce = {
    name: 'announce',
    setup(build) {
      build.onStart(() => console.log('[watch] build started'));
      build.onEnd((result) => {
        for (const { text, location } of result.errors)
          console.error(`✘ [ERROR] ${text}${location ? ` (${location.file}:${location.line}:${location.column})` : ''}`);
        console.log('[watch] build finished');
      });
    },
  };
  const contexts = await Promise.all(builds.map((options) => esbuild.context({ ...options, plugins: [announce] })));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('esbuild: watching for changes…');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
