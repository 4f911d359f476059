#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerDemo } from './commands/demo.js';
import { VERSION } from './version.js';
import { registerExplain } from './commands/explain.js';
import { registerCheck } from './commands/check.js';
import { registerExport } from './commands/export.js';
import { registerPlayground } from './commands/playground.js';
import { registerTrain } from './commands/train.js';
import { registerPredict } from './commands/predict.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerInspect } from './commands/inspect.js';
import { registerForecast } from './commands/forecast.js';
import { registerGenerate } from './commands/generate.js';
import { UsageError } from './usage-error.js';

// Each command lives in its own file under commands/ and registers itself here.
const program = new Command();
program
  .name('neurite')
  .description('Neural networks from first principles: build, train, understand and ship them.')
  .version(VERSION, '-v, --version', 'print the version')
  .option('--debug', 'print stack traces for errors')
  .exitOverride()
  .showHelpAfterError('(run with --help for usage)');

registerDemo(program);
registerTrain(program);
registerPredict(program);
registerEvaluate(program);
registerForecast(program);
registerGenerate(program);
registerInspect(program);
registerExplain(program);
registerCheck(program);
registerExport(program);
registerPlayground(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here with exit code 0; usage errors with 2.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    // Failures: one clear line on stderr, exit code 1 (2 for a command line that cannot be run as given);
    // the stack trace only with --debug.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`neurite: ${message}\n`);
    if (program.opts<{ debug?: boolean }>().debug === true && error instanceof Error && error.stack) {
      process.stderr.write(error.stack + '\n');
    }
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}
