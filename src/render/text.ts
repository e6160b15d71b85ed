/**
 * Making untrusted text safe for a terminal, and colouring it only where colour is welcome.
 * Anyone who can make an AWS call chooses its userAgent and parameters, so an event string may
 * hold escape sequences that would move the cursor, retitle the window or hide lines.
 */

/**
 * C0 and C1 control characters, DEL, and the bidirectional overrides that can make text read
 * differently from how it is stored ("Trojan Source").
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Replaces every control character with `�` (line breaks and tabs with a space), so an event
 * string can never drive the terminal.
 * Example: `stripControl('curl\x1b[2J')` → `curl�[2J`.
 */
export function stripControl(text: string): string {
  return text.replace(CONTROL, (c) => (c === '\n' || c === '\r' || c === '\t' ? ' ' : '\uFFFD'));
}

/** Shortens to `max` characters with an ellipsis. Example: `clip('abcdef', 4)` → `abc…`. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'green' | 'cyan' | 'magenta';

const CODES: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
};

export type Paint = (style: Style, text: string) => string;

/** A painter that wraps text in ANSI codes, or leaves it alone when colour is off. */
export function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => {
    const [on, off] = CODES[style];
    return `\u001b[${on}m${text}\u001b[${off}m`;
  };
}

/**
 * Colour only on a terminal, never when `NO_COLOR` is set (https://no-color.org) or the output
 * is piped; `FORCE_COLOR` (other than `0`) turns it on anyway, as in Node itself.
 */
export function useColor(
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
  return stream.isTTY === true;
}
