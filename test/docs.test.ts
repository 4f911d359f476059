// The guides stay true: their TypeScript runs, their links lead somewhere, and every command-line option
// they mention exists.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { CLI, DATA, ROOT } from './helpers/paths.js';
import { checkAndRun, typescriptBlocks } from './helpers/snippets.js';

const read = (path: string) => readFileSync(ROOT + path, 'utf8');
const MARKDOWN = [
  'README.md',
  'examples/README.md',
  ...readdirSync(ROOT + 'docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

test('the guides exist and are linked from the README', () => {
  const readme = read('README.md');
  for (const guide of ['getting-started-library.md', 'getting-started-cli.md', 'seed-walkthrough.md', 'model-format.md', 'performance.md', 'architecture.md']) {
    assert.ok(existsSync(ROOT + 'docs/' + guide), `docs/${guide}`);
    assert.ok(readme.includes(`(docs/${guide})`), `the README links docs/${guide}`);
  }
});

test('every TypeScript block of the README and the library guides type-checks and runs', () => {
  const snippets = [
    'README.md',
    'docs/getting-started-library.md',
    'docs/seed-walkthrough.md',
    'docs/performance.md',
    'docs/sequences.md',
    'docs/forecasting.md',
  ].flatMap((file) => typescriptBlocks(read(file)).map((code, i) => ({ name: `${file.replace(/^docs\//, '').replace(/\.md$/, '')}-${i + 1}`, code })));
  assert.ok(snippets.length >= 15, `only ${snippets.length} blocks found`);
  const files = {
    'iris.csv': DATA + 'iris.csv',
    'houses-synthetic.csv': DATA + 'houses-synthetic.csv',
    'gender.csv': DATA + 'gender.csv',
    'temps.csv': ROOT + 'data/seattle-weather-2012.csv',
  };
  const { typeErrors, failures } = checkAndRun('doc-guides', snippets, { files });
  assert.deepEqual(typeErrors, [], 'blocks that do not type-check');
  assert.deepEqual(failures, [], 'blocks that throw');
});

test('relative links in the Markdown files lead to files that exist', () => {
  const broken: string[] = [];
  for (const file of MARKDOWN) {
    for (const [, target] of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:|#)/.test(target!)) continue;
      const path = join(ROOT, dirname(file), target!.replace(/#.*$/, ''));
      if (!existsSync(path)) broken.push(`${file}: ${target}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('every neurite command and option in the command-line guide exists', () => {
  const guide = read('docs/getting-started-cli.md');
  const help = new Map<string, string>();
  const helpFor = (command: string) => {
    if (!help.has(command)) {
      const run = spawnSync(process.execPath, [CLI, command, '--help'], { encoding: 'utf8' });
      assert.equal(run.status, 0, `neurite ${command} --help: ${run.stderr}`);
      help.set(command, run.stdout);
    }
    return help.get(command)!;
  };
  let checked = 0;
  for (const block of guide.matchAll(/^```sh\n([\s\S]*?)^```/gm)) {
    for (const line of block[1]!.split('\n')) {
      const command = /^neurite ([a-z]+)\b(.*?)(#.*)?$/.exec(line.trim());
      if (!command) continue;
      const options = [...command[2]!.matchAll(/(?:^|\s)(--?[a-z][a-z0-9-]*)/g)].map((m) => m[1]!);
      for (const option of options) {
        if (option === '--help') continue;
        assert.ok(helpFor(command[1]!).includes(option), `neurite ${command[1]} has no ${option} (in: ${line.trim()})`);
        checked++;
      }
    }
  }
  // The option tables.
  for (const [, cell] of guide.matchAll(/^\| `([^|]*)` \|/gm)) {
    for (const option of cell!.match(/--[a-z][a-z0-9-]*/g) ?? []) {
      assert.ok(helpFor('train').includes(option), `neurite train has no ${option}`);
      checked++;
    }
  }
  assert.ok(checked > 30, `only ${checked} options checked`);
});
