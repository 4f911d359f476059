import { fileURLToPath } from 'node:url';

/** The repository root (tests run compiled from dist/test/). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DATA = ROOT + 'data/';
export const CLI = ROOT + 'dist/src/cli/main.js';
