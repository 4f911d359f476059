import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Network } from '../src/index.js';
import type { ExplainTrace } from '../src/explain/index.js';
import { CLI } from './helpers/paths.js';

const SEED_FACTORS = ['0.523695', '-0.952610', '0.249439', '-0.090353', '0.021470'];
const dir = mkdtempSync(join(tmpdir(), 'neurite-explain-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const neurite = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

test("neurite explain walks the seed's worked example: forward values, the factors, one SGD step on w1", () => {
  const run = neurite('explain');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  for (const n of SEED_FACTORS) assert.ok(run.stdout.includes(n), `missing ${n}`);
  assert.match(run.stdout, /the seed's worked example \(docs\/seed-walkthrough\.md §5\)/);
  assert.match(run.stdout, /= \(-0\.952610\) · \(0\.249439\) · \(-0\.090353\) += 0\.021470/);
  assert.match(run.stdout, /One SGD step, η = 0\.1/);
  assert.match(run.stdout, /^ {2}w1 +1 +→ 0\.997853/m);
});

test('neurite explain --format markdown writes the chain as a formula', () => {
  const run = neurite('explain', '--format', 'markdown');
  assert.equal(run.status, 0, run.stderr);
  for (const n of SEED_FACTORS) assert.ok(run.stdout.includes(n), `missing ${n}`);
  assert.ok(run.stdout.includes('`∂L/∂w1 = ∂L/∂y_pred · ∂y_pred/∂h1 · ∂h1/∂w1 = (-0.952610) · (0.249439) · (-0.090353) = 0.021470`'));
});

test('neurite explain --format json gives the full trace', () => {
  const run = neurite('explain', '--format', 'json');
  assert.equal(run.status, 0, run.stderr);
  const trace = JSON.parse(run.stdout) as ExplainTrace;
  assert.ok(Math.abs(trace.output[0]! - 0.5236951740839997) <= 1e-12);
  assert.ok(Math.abs(trace.parameters[0]!.gradients[0]! - 0.02146953526581111) <= 1e-12);
  assert.equal(trace.layers[0]!.neurons[0]!.weights[0]!.partial.value.toFixed(6), '-0.090353');
  assert.equal(trace.step!.learningRate, 0.1);
});

test('neurite explain <network.json> --input --target traces a sample; wide layers summarized, --all shows all', () => {
  const network = Network.create({ inputs: 3, layers: [{ units: 12 }, { units: 2, activation: 'linear' }], seed: 3 });
  const file = join(dir, 'net.json');
  writeFileSync(file, JSON.stringify(network.toJSON()));
  const run = neurite('explain', file, '--input', '0.5,-1,2', '--target', '1,0', '--top', '4');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /one sample through a 3-12-2 network \(float32\), loss mean_squared_error \(the default\)/);
  assert.match(run.stdout, /the 4 largest \|∂L\/∂param\| of 48/);
  assert.doesNotMatch(run.stdout, /SGD step/);
  const all = neurite('explain', file, '--input', '0.5,-1,2', '--target', '1,0', '--all');
  assert.equal((all.stdout.slice(all.stdout.indexOf('Gradients')).match(/^ {4}[wb]\d+ +\(/gm) ?? []).length, 48 + 26);

  const json = JSON.parse(neurite('explain', file, '--input', '0.5,-1,2', '--target', '1,0', '--format', 'json').stdout) as ExplainTrace;
  // The JSON is complete regardless of --top: every gradient of every layer.
  assert.deepEqual(
    json.parameters.map((p) => p.gradients.length),
    [36, 12, 24, 2],
  );
  assert.deepEqual(
    json.sample.inputs.map((x) => x.value),
    [0.5, -1, 2],
  );

  const stepped = neurite('explain', file, '--input', '0.5,-1,2', '--target', '1,0', '--learning-rate', '0.5');
  assert.match(stepped.stdout, /One SGD step, η = 0\.5/);
});

test('neurite explain says what is missing or wrong', () => {
  const file = join(dir, 'seed.json');
  writeFileSync(file, JSON.stringify(Network.create({ inputs: 2, layers: [{ units: 1 }] }).toJSON()));
  const noSample = neurite('explain', file);
  assert.equal(noSample.status, 1);
  assert.match(noSample.stderr, /needs the sample: --input/);
  const wrongSize = neurite('explain', file, '--input', '1,2,3', '--target', '1');
  assert.equal(wrongSize.status, 1);
  assert.match(wrongSize.stderr, /input has 3 values; the network has 2/);
  const named = neurite('explain', file, '--input', 'weight_lb=128,height_in=63', '--target', '1');
  assert.equal(named.status, 1);
  assert.match(named.stderr, /named values .* need a model file with its preprocessing/);
  const data = neurite('explain', file, '--data', 'x.csv');
  assert.equal(data.status, 1);
  assert.match(data.stderr, /--data and --row need a model file/);
  assert.equal(neurite('explain', '--format', 'html').status, 2);
  assert.equal(neurite('explain', '--top', '0').status, 2);
  const stray = neurite('explain', '--input', '1,2');
  assert.equal(stray.status, 1);
  assert.match(stray.stderr, /need a model file/);
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{"layers": [');
  const notJson = neurite('explain', broken, '--input', '1', '--target', '1');
  assert.equal(notJson.status, 1);
  assert.match(notJson.stderr, /broken\.json is not valid JSON at line 1, column 13/);
});
