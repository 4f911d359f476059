import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startPlayground } from '../src/cli/commands/playground.js';
import { serveStatic } from '../src/cli/static-server.js';
import { CLI } from './helpers/paths.js';

/** A raw request: the path is sent as written (fetch would normalize `..` away). */
function get(port: number, path: string, method = 'GET'): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the static server serves files with their types and nothing outside its folder', async () => {
  const base = mkdtempSync(join(tmpdir(), 'neurite-static-'));
  const root = join(base, 'site');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<p>hi</p>');
  writeFileSync(join(root, 'main.js'), 'let a = 1;');
  mkdirSync(join(root, 'sub'));
  writeFileSync(join(root, 'sub', 'style.css'), 'p {}');
  writeFileSync(join(root, '.secret'), 'no');
  writeFileSync(join(root, '..', 'outside-neurite.txt'), 'no');
  const server = await serveStatic(root, { port: 0 });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const home = await get(server.port, '/');
    assert.deepEqual([home.status, home.type, home.body], [200, 'text/html; charset=utf-8', '<p>hi</p>']);
    assert.equal((await get(server.port, '/main.js?v=1')).type, 'text/javascript; charset=utf-8');
    assert.equal((await get(server.port, '/sub/style.css')).type, 'text/css; charset=utf-8');
    const head = await get(server.port, '/main.js', 'HEAD');
    assert.deepEqual([head.status, head.body], [200, '']);
    assert.equal((await get(server.port, '/main.js', 'POST')).status, 405);
    for (const path of [
      '/../outside-neurite.txt',
      '/%2e%2e/outside-neurite.txt',
      '/sub/..%2f..%2foutside-neurite.txt',
      '/.secret',
      '/missing.js',
      '/sub',
      '/%00',
    ]) {
      assert.equal((await get(server.port, path)).status, 404, path);
    }
    assert.equal((await get(server.port, '/%E0%A4%A')).status, 400);
  } finally {
    await server.close();
  }
});

test('startPlayground says how to build the page when it is missing, and checks the port', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'neurite-empty-')) + '/';
  await assert.rejects(startPlayground({ root: empty, port: 0 }), /The playground is not built .* run `npm run playground:build`/);
  await assert.rejects(startPlayground({ port: 70000 }), /--port must be an integer from 0 to 65535/);
});

function runCli(args: string[], { untilOutput = false } = {}): Promise<{ code: number | null; stdout: string; stderr: string; kill(): void }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const kill = () => child.kill();
    child.stdout.on('data', (c) => {
      stdout += c;
      if (untilOutput && stdout.includes('\n')) resolve({ code: null, stdout, stderr, kill });
    });
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr, kill }));
  });
}

test('`neurite playground --port 0` serves the built page on 127.0.0.1 and prints its address', async () => {
  const run = await runCli(['playground', '--port', '0'], { untilOutput: true });
  try {
    const url = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(run.stdout);
    assert.ok(url, run.stdout + run.stderr);
    const port = Number(url[1]);
    const page = await get(port, '/');
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>neurite playground<\/title>/);
    assert.doesNotMatch(page.body, /https?:\/\//, 'the page loads nothing from elsewhere');
    assert.equal((await get(port, '/worker.js')).type, 'text/javascript; charset=utf-8');

    const busy = await runCli(['playground', '--port', String(port)]);
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, new RegExp(`neurite: Port ${port} on 127.0.0.1 is in use; choose another with --port`));
  } finally {
    run.kill();
  }
  const bad = await runCli(['playground', '--port', 'abc']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /expected an integer, got "abc"/);
});
