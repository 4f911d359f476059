#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { isNeuriteError } from '../errors.js';
import { runDemo } from './demo.js';

const program = new Command();
program
  .name('neurite')
  .description('Neural networks from first principles: build, train, understand and ship them.')
  .option('--debug', 'print stack traces for errors')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });

program
  .command('demo')
  .description("tell the seed's story: a neuron, a network, the loss, training on four people, two predictions")
  .option('--full', 'print the loss every 10 epochs, as the seed does')
  .option('--seed <n>', 'seed for the initial weights', parseInteger, 42)
  .action((options: { full?: boolean; seed: number }) => {
    runDemo({ full: options.full === true, seed: options.seed });
  });

function parseInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new CommanderError(2, 'neurite.usage', `error: expected an integer, got "${value}"`);
  return n;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here with exit code 0; usage errors with 2.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    const debug = program.opts<{ debug?: boolean }>().debug === true;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`neurite: ${message}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
    process.exitCode = isNeuriteError(error) ? 1 : 1;
  }
}
