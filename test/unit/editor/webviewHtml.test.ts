import * as assert from 'node:assert/strict';
import { buildWebviewHtml, contentSecurityPolicy, makeNonce } from '../../../src/editor/webviewHtml';

describe('webview HTML and CSP', () => {
  const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
  const html = buildWebviewHtml({ title: 'A <b>', cspSource, scriptUri: 'https://x/webview.js', styleUri: 'https://x/webview.css', nonce: 'abc123' });

  it('allows scripts only by nonce and nothing remote', () => {
    const csp = contentSecurityPolicy(cspSource, 'abc123');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.doesNotMatch(csp, /https?:\/\/(?!file\+\.vscode-resource)/);
  });

  it('puts the nonce on the script and the stylesheet, and escapes the title', () => {
    assert.match(html, /<script nonce="abc123" src="https:\/\/x\/webview.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" nonce="abc123"/);
    assert.match(html, /<title>A &lt;b&gt;<\/title>/);
    assert.match(html, /http-equiv="Content-Security-Policy"/);
  });

  it('makes a fresh, unguessable nonce each time', () => {
    const a = makeNonce();
    assert.notEqual(a, makeNonce());
    assert.ok(a.length >= 24);
  });
});
