import { InvalidArgumentError, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NeuriteError } from '../../errors.js';
import { parseInteger } from '../options.js';
import { serveStatic, type StaticServer } from '../static-server.js';

/** The built page (`npm run playground:build`, part of `npm run build`). */
export const PLAYGROUND_DIR = fileURLToPath(new URL('../../../../playground/dist/', import.meta.url));
export const DEFAULT_PORT = 4173;

export async function startPlayground({ port = DEFAULT_PORT, root = PLAYGROUND_DIR } = {}): Promise<StaticServer> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new NeuriteError('INVALID_ARGUMENT', `--port must be an integer from 0 to 65535, got ${port}`, { field: 'port', actual: port });
  }
  if (!existsSync(root + 'index.html')) {
    throw new NeuriteError('IO', `The playground is not built (no ${root}index.html): run \`npm run playground:build\``, { file: root + 'index.html' });
  }
  return serveStatic(root, { port, host: '127.0.0.1' });
}

export function registerPlayground(program: Command): void {
  program
    .command('playground')
    .description('serve the browser playground on 127.0.0.1: watch a network learn, explain a point, export the model')
    .option('--port <port>', `port to listen on (0: any free port)`, parsePort, DEFAULT_PORT)
    .action(async (options: { port: number }) => {
      const { url } = await startPlayground({ port: options.port });
      process.stdout.write(`neurite playground: ${url}\n(works offline; press Ctrl+C to stop)\n`);
    });
}

/** A port from 0 to 65535, checked while the command line is parsed (a usage error, exit code 2). */
function parsePort(value: string): number {
  const port = parseInteger(value);
  if (port < 0 || port > 65535) throw new InvalidArgumentError(`expected a port from 0 to 65535, got "${value}"`);
  return port;
}
