import { vscodeHosts } from '../../../tools/codeServer';

/**
 * The Node binaries the SQLite tests run the CLI under (installed by `npm run setup`): the build
 * Node (better-sqlite3 where it has no node:sqlite), today's VS Code's Node (node:sqlite), one with
 * node:sqlite but no FTS5, and one with no node:sqlite at all. `npm test` runs the unit tests under
 * two of them and passes the build Node down as REWATCH_BUILD_NODE.
 */
export const nodes = {
  build: process.env.REWATCH_BUILD_NODE ?? process.execPath,
  nodeSqlite: vscodeHosts.hostPaths('current').nodeBinary,
  noFts5: vscodeHosts.nodePaths(vscodeHosts.TEST_NODES.noFts5).node,
  noSqlite: vscodeHosts.nodePaths(vscodeHosts.TEST_NODES.noSqlite).node,
};
