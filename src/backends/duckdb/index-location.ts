/**
 * Where the local index lives. Beside the logs by default (`<logs>/.trailhound/index.duckdb`),
 * so it travels with the archive and is found again next time; in the user's cache folder
 * when the log folder is read-only or the logs are a single file.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { INDEX_FOLDER } from './discover.js';

/** `$XDG_CACHE_HOME/trailhound` or `~/.cache/trailhound`. */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== ''
      ? env.XDG_CACHE_HOME
      : path.join(homedir(), '.cache');
  return path.join(base, 'trailhound');
}

function isWritableFolder(folder: string): boolean {
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The index file for the logs at `logs` (a folder or one file).
 *
 * @example defaultIndexPath('/data/trail') // → '/data/trail/.trailhound/index.duckdb'
 * @example defaultIndexPath('/ro/trail')   // → '~/.cache/trailhound/3f2a…c1.duckdb'
 */
export function defaultIndexPath(logs: string, env: NodeJS.ProcessEnv = process.env): string {
  const root = path.resolve(logs);
  const isFolder = statSync(root, { throwIfNoEntry: false })?.isDirectory() ?? false;
  if (isFolder) {
    const beside = path.join(root, INDEX_FOLDER);
    if (isWritableFolder(beside)) return path.join(beside, 'index.duckdb');
  }
  const hash = createHash('sha256').update(root).digest('hex').slice(0, 16);
  const cache = cacheFolder(env);
  mkdirSync(cache, { recursive: true });
  return path.join(cache, `${hash}.duckdb`);
}
