import * as assert from 'node:assert/strict';
import { HostToWebview, ResponseData, WebviewToHost } from '../../shared/protocol';

describe('host↔webview protocol', () => {
  it('accepts every well-formed webview message', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'requestPage', id: 1, start: 0, limit: 100 },
      { type: 'requestProblems', id: 2, limit: 50 },
      { type: 'openInTextEditor', line: 13 },
    ]) {
      assert.equal(WebviewToHost.safeParse(message).success, true, JSON.stringify(message));
    }
  });

  it('rejects malformed or hostile webview messages', () => {
    for (const message of [
      null,
      'ready',
      { type: 'nope' },
      { type: 'requestPage', id: 1, start: -1, limit: 10 },
      { type: 'requestPage', id: 1, start: 0, limit: 1_000_000 },
      { type: 'requestPage', start: 0, limit: 10 },
      { type: 'openInTextEditor', line: 0 },
      { type: 'openInTextEditor', line: '1; rm -rf /' },
    ]) {
      assert.equal(WebviewToHost.safeParse(message).success, false, JSON.stringify(message));
    }
  });

  it('validates host messages and response payloads', () => {
    assert.equal(HostToWebview.safeParse({ type: 'response', id: 1, ok: true, data: [] }).success, true);
    assert.equal(HostToWebview.safeParse({ type: 'init', fileName: 'a', fileSize: -1, format: 'jsonl', pageSize: 1 }).success, false);
    assert.equal(ResponseData.requestPage.safeParse({ start: 0, total: 0, records: [] }).success, true);
    assert.equal(ResponseData.requestPage.safeParse({ start: 0, total: 0, records: [{ position: 0 }] }).success, false);
  });
});
