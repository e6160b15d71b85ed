/**
 * A one-line progress bar for indexing, drawn on a terminal only: when stderr is a pipe or a
 * file (CI, the bot's own logs) nothing is written.
 */
import type { IndexProgress } from './indexer.js';

const WIDTH = 30;
/** Redraw at most this often; indexing reports far more often than a person can read. */
const FRAME_MS = 100;

const compact = (n: number): string =>
  n >= 1e6
    ? `${(n / 1e6).toFixed(1)}M`
    : n >= 1e4
      ? `${Math.round(n / 1e3)}k`
      : n.toLocaleString('en-US');

/** `[#########-----] 45% 1,204/2,600 files · 1.2M events` */
export function formatProgress(p: IndexProgress): string {
  const fraction =
    p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesDone / Math.max(1, p.filesTotal);
  const filled = Math.round(fraction * WIDTH);
  return (
    `indexing [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(fraction * 100)}% ` +
    `${p.filesDone.toLocaleString('en-US')}/${p.filesTotal.toLocaleString('en-US')} files · ` +
    `${compact(p.eventsAdded)} events`
  );
}

/** A progress callback drawing on `stream`, or undefined when `stream` is not a terminal. */
export function terminalProgress(
  stream: NodeJS.WriteStream = process.stderr,
): ((progress: IndexProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let last = 0;
  return (progress) => {
    const now = Date.now();
    if (!progress.finished && now - last < FRAME_MS) return;
    last = now;
    stream.write(`\r${formatProgress(progress)}${progress.finished ? '\n' : ''}`);
  };
}
