import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCheck } from '../src/cli/commands/check.js';
import { Network, checkNetworkGradients, gradientCheckExitCode, registerActivation, serializeModel } from '../src/index.js';
import { Preprocessor, parseTable } from '../src/data/index.js';
import { BrokenSigmoid } from './helpers/test-functions.js';
import { CLI } from './helpers/paths.js';

// The broken backward pass: a sigmoid whose backward is 10% too large, registered under its own name so that
// model files can name it, in this test process only.
registerActivation('broken-sigmoid', () => new BrokenSigmoid());

const dir = mkdtempSync(join(tmpdir(), 'neurite-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function healthy(dtype: 'float32' | 'float64' = 'float32'): Network {
  return Network.create({
    inputs: 3,
    layers: [
      { units: 4, activation: 'sigmoid' },
      { units: 2, activation: 'linear' },
    ],
    seed: 7,
    dtype,
    biasInitializer: 'normal',
  });
}
function broken(): Network {
  return Network.create({
    inputs: 3,
    layers: [
      { units: 4, activation: 'broken-sigmoid' },
      { units: 2, activation: 'sigmoid' },
    ],
    seed: 7,
    dtype: 'float64',
  });
}
function writeJson(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

test('checkNetworkGradients passes on a healthy float32 network, checked in float64, layer by layer', () => {
  const network = healthy();
  const result = checkNetworkGradients(network, { samples: 3, seed: 2 });
  assert.equal(result.passed, true, JSON.stringify(result.parameters));
  assert.equal(result.converted, true);
  assert.equal(result.samples, 3);
  assert.deepEqual(
    result.layers.map((l) => [l.index, l.parameters, l.passed]),
    [
      [0, ['layers.0.weights', 'layers.0.bias'], true],
      [1, ['layers.1.weights', 'layers.1.bias'], true],
    ],
  );
  assert.ok(result.maxRelativeError < 1e-6);
  assert.equal(gradientCheckExitCode(result), 0);
  assert.equal(network.dtype, 'float32'); // the network itself is untouched
});

test('checkNetworkGradients fails on a deliberately broken backward pass, and names the layer', () => {
  const result = checkNetworkGradients(broken(), { loss: 'mse' });
  assert.equal(result.passed, false);
  assert.equal(result.layers[0]!.passed, false);
  assert.equal(result.layers[1]!.passed, true);
  assert.ok(result.layers[0]!.maxRelativeError > 0.05, String(result.layers[0]!.maxRelativeError));
  assert.equal(gradientCheckExitCode(result), 1);
});

test('checkNetworkGradients on given samples, and its errors', () => {
  const result = checkNetworkGradients(healthy('float64'), { inputs: [[1, 2, 3]], targets: [[0, 1]], maxPerParameter: 2 });
  assert.equal(result.passed, true);
  assert.equal(result.randomSamples, false);
  assert.throws(() => checkNetworkGradients(healthy(), { inputs: [[1, 2, 3]] }), { code: 'INVALID_ARGUMENT', message: /without targets/ });
  assert.throws(
    () =>
      checkNetworkGradients(healthy(), {
        inputs: [[1, 2, 3]],
        targets: [
          [0, 1],
          [1, 0],
        ],
      }),
    { code: 'SHAPE_MISMATCH' },
  );
  assert.throws(() => checkNetworkGradients(healthy(), { samples: 0 }), { code: 'INVALID_ARGUMENT' });
});

test('the check command returns 1 and says FAIL for a model file whose backward pass is broken', async () => {
  const file = writeJson('broken.json', broken().toJSON());
  let out = '';
  const code = await runCheck({ model: file, write: (t) => (out += t) });
  assert.equal(code, 1);
  assert.match(out, /layer 0 +max relative error +\S+ +FAIL {2}worst layers\.0\.\w+\[\d+\]: analytic/);
  assert.match(out, /layer 1 +max relative error +\S+ +ok/);
  assert.match(out, /: FAIL\n$/);
});

test('the check command returns 0 for a healthy network file', async () => {
  const file = writeJson('model.json', Network.create({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 1 }], seed: 1 }).toJSON());
  let out = '';
  assert.equal(await runCheck({ model: file, write: (t) => (out += t), format: 'json' }), 0);
  const json = JSON.parse(out);
  assert.equal(json.passed, true);
  assert.equal(json.layers.length, 2);
});

test("the check command with --data: rows of the file through the model's preprocessing; 1 and FAIL for a broken backward pass", async () => {
  const csv = 'a,b,c,y\n1,2,3,no\n0.5,-1,2,yes\n-2,0,1,no\n4,1,-3,yes\n,1,1,yes\n';
  const data = join(dir, 'abc.csv');
  writeFileSync(data, csv);
  const preprocessing = Preprocessor.fit(parseTable(csv), { target: 'y', binaryEncoding: 'one-hot', missing: 'drop' });
  const write = (name: string, network: Network) => {
    const file = join(dir, name);
    writeFileSync(file, serializeModel({ network, preprocessing, training: { loss: 'mse' } }));
    return file;
  };
  let out = '';
  assert.equal(await runCheck({ model: write('abc-broken.json', broken()), data, write: (t) => (out += t) }), 1);
  assert.match(out, /abc-broken\.json · float64 · loss mean_squared_error \(stored in the model's training\) · 4 rows of abc\.csv · /);
  assert.match(out, /: FAIL\n$/);
  out = '';
  assert.equal(await runCheck({ model: write('abc.json', healthy('float64')), data, rows: 2, write: (t) => (out += t), format: 'json' }), 0);
  const result = JSON.parse(out) as { samples: number; randomSamples: boolean };
  assert.deepEqual([result.samples, result.randomSamples], [2, false]);
});

test('neurite check (spawned): exit code 0 on a healthy model, 1 on a file it cannot use, 2 on a bad option', () => {
  const good = writeJson('good.json', healthy().toJSON());
  const run = spawnSync(process.execPath, [CLI, 'check', good], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /float64 \(converted from float32\) · loss mean_squared_error \(the default\) · 4 random samples/);
  assert.match(run.stdout, /^ {2}layer 0 +max relative error .* ok$/m);
  assert.match(run.stdout, /largest relative error .*: PASS\n$/);

  // The broken activation is registered only inside the test process: the CLI cannot load this file.
  const bad = writeJson('unknown.json', broken().toJSON());
  const failed = spawnSync(process.execPath, [CLI, 'check', bad], { encoding: 'utf8' });
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /^neurite: .*unknown\.json: layers\[0\]\.activation: Unknown activation "broken-sigmoid"/);

  const missing = spawnSync(process.execPath, [CLI, 'check', join(dir, 'nope.json')], { encoding: 'utf8' });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /Cannot read .*nope\.json/);

  const usage = spawnSync(process.execPath, [CLI, 'check', good, '--samples', '0'], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
});
