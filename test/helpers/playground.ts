import { mkdirSync } from 'node:fs';
import { after, before } from 'node:test';
import { startPlayground } from '../../src/cli/commands/playground.js';
import type { StaticServer } from '../../src/cli/static-server.js';
import { browserMissing, launchBrowser } from './browser.js';
import { ROOT } from './paths.js';

/** Where the end-to-end tests save screenshots: docs/ (committed) with UPDATE_SCREENSHOTS=1, else dist/e2e/. */
export const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? ROOT + 'docs/' : ROOT + 'dist/e2e/';

/** The playground's server and a headless browser, started before a test file's tests and closed after them. */
export interface PlaygroundSession {
  server: StaticServer;
  browser: Awaited<ReturnType<typeof launchBrowser>>;
}

/**
 * Registers before/after hooks that start the playground on a free port and a headless browser (nothing when
 * the browser is missing: `skip` says so), and returns the session, filled in once `before` has run.
 */
export function usePlayground(): { skip: string | false; session: PlaygroundSession } {
  const skip = browserMissing();
  const session = {} as PlaygroundSession;
  before(async () => {
    if (skip) return;
    mkdirSync(SHOTS, { recursive: true });
    session.server = await startPlayground({ port: 0 });
    session.browser = await launchBrowser();
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return { skip, session };
}
