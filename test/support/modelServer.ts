/**
 * A local OpenAI-compatible model server for tests: `GET …/models` lists one model, and every chat
 * completion streams `chain` as server-sent events, `delayMs` apart (the way `vllm serve` streams).
 * Binds to 127.0.0.1; `port` 0 picks a free one. Run as a script (`node modelServer.js PORT`) it is
 * the "server command" a test starts in a terminal.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The chain the fake model "generates": one observation of the sample's red square, answer C. */
export const MODEL_CHAIN = [
  'I look for the first square. ',
  '<action>query the segment from 00:05 to 00:12, focusing on the colour</action>\n',
  '<observation>A red square is shown in the upper middle of the frame.</observation> ',
  'Red comes first.\n<answer>C</answer>',
];

export interface ModelServer {
  base: string;
  /** The request bodies received, parsed. */
  bodies: unknown[];
  /** Lets streams held by `holdAfter` go on to the end. */
  release(): void;
  close(): Promise<void>;
}

/**
 * `holdAfter`: stream that many pieces of `chain`, then keep the response open without sending more
 * (a model that stalls) until `release()`: a test decides when the stream goes on, or cancels the run.
 */
export async function startModelServer(options: { delayMs: number; port?: number; chain?: readonly string[]; holdAfter?: number }): Promise<ModelServer> {
  const chain = options.chain ?? MODEL_CHAIN;
  const bodies: unknown[] = [];
  const held: (() => void)[] = [];
  let released = false;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url?.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'rewatch-r1', object: 'model' }] }));
      return;
    }
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(JSON.parse(raw));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const next = () => {
        if (res.destroyed) return;
        if (options.holdAfter !== undefined && i >= options.holdAfter && !released) {
          held.push(next); // stalled: the response stays open until release() or close()
          return;
        }
        if (i < chain.length) {
          res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: chain[i++] } }] })}\n\n`);
          setTimeout(next, options.delayMs);
        } else {
          res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { completion_tokens: chain.length } })}\n\n`);
          res.end('data: [DONE]\n\n');
        }
      };
      next();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/v1`,
    bodies,
    release: () => {
      released = true;
      for (const resume of held.splice(0)) resume();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? 0);
  void startModelServer({ delayMs: 20, port }).then((server) => console.log(`Fake model server on ${server.base}`));
}
