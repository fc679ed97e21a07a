import { randomBytes } from 'node:crypto';

export interface WebviewHtmlParts {
  title: string;
  /** `webview.cspSource`: the only origin scripts, styles, fonts and media may come from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The Content-Security-Policy of every Inspector webview: nothing remote, scripts and styles by nonce. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `media-src ${cspSource}`,
    `font-src ${cspSource}`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The webview's whole page; everything it shows is built by the script from host messages. */
export function buildWebviewHtml(parts: WebviewHtmlParts): string {
  const nonce = parts.nonce ?? makeNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(parts.cspSource, nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" nonce="${nonce}" href="${escapeAttribute(parts.styleUri)}">
  <title>${escapeText(parts.title)}</title>
</head>
<body>
  <main id="app" aria-busy="true"></main>
  <script nonce="${nonce}" src="${escapeAttribute(parts.scriptUri)}"></script>
</body>
</html>`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
