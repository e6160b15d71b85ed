import { pathToFileURL } from 'node:url';
import { isTrailError } from '../core/errors.js';

/** True when `moduleUrl` is the script node was started with (`node dist/src/entry/heroku.js`). */
export const isMainModule = (moduleUrl: string): boolean =>
  process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;

/** Runs an entry's start function; a config error prints its one message and exits 1. */
export function runMain(start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    console.error(isTrailError(error) ? error.message : error);
    process.exit(1);
  });
}
