import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { NeuriteError } from '../errors.js';

/** Content types of the files a built page holds. */
export const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface StaticServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the files under `root` on `host:port` (port 0: any free port): GET and HEAD only, `/` is
 * `index.html`, and a path that leaves `root` (`..`, encoded or not) is refused, as are dot-files.
 */
export function serveStatic(root: string, { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {}): Promise<StaticServer> {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const send = (code: number, text: string, headers: Record<string, string> = {}) => {
      res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : text + '\n');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(400, 'Bad request: malformed path');
    }
    if (path.includes('\0') || path.split('/').some((part) => part.startsWith('.') && part !== '')) return send(404, 'Not found');
    const file = resolve(base, '.' + (path.endsWith('/') ? path + 'index.html' : path));
    if (file !== base && !file.startsWith(base + sep)) return send(404, 'Not found');
    stat(file).then(
      (info) => {
        if (!info.isFile()) return send(404, 'Not found');
        res.writeHead(200, {
          'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Content-Length': String(info.size),
          'Cache-Control': 'no-cache',
          'X-Content-Type-Options': 'nosniff',
        });
        if (req.method === 'HEAD') return res.end();
        createReadStream(file)
          .on('error', () => res.destroy())
          .pipe(res);
      },
      () => send(404, 'Not found'),
    );
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const message =
        error.code === 'EADDRINUSE'
          ? `Port ${port} on ${host} is in use; choose another with --port`
          : error.code === 'EACCES'
            ? `Port ${port} needs privileges; choose one above 1023 with --port`
            : `Could not listen on ${host}:${port}: ${error.message}`;
      reject(new NeuriteError('IO', message, { port, host }, { cause: error }));
    });
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolvePromise({
        server,
        port: actual,
        url: `http://${host}:${actual}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
