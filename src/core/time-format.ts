/**
 * Times shown to people, always in the asker's zone and always with the zone written out, so a
 * screenshot pasted elsewhere still says which 14:32 it meant.
 */

/**
 * One instant, short and unambiguous.
 * Example: `formatTime(Date.parse('2026-11-26T13:32:05Z'), 'Europe/Paris')` → `2026-11-26 14:32:05 CET`.
 */
export function formatTime(ms: number, timeZone: string): string {
  return `${localDate(ms, timeZone)} ${localClock(ms, timeZone, true)} ${zoneName(ms, timeZone)}`;
}

/**
 * A window as the asker reads it, with the zone named once at the end.
 * Example: `2026-11-25 00:00 → 2026-11-26 00:00 Europe/Paris`.
 * Seconds appear only when an end is not on a whole minute.
 */
export function describeWindow(window: { start: Date; end: Date }, timeZone: string): string {
  const [start, end] = [window.start.getTime(), window.end.getTime()];
  const seconds = Math.floor(start / 1000) % 60 !== 0 || Math.floor(end / 1000) % 60 !== 0;
  const at = (ms: number): string =>
    `${localDate(ms, timeZone)} ${localClock(ms, timeZone, seconds)}`;
  return `${at(start)} → ${at(end)} ${timeZone}`;
}

/**
 * Building an Intl.DateTimeFormat costs far more than formatting with one (it loads the zone's
 * rules), and every answer formats dozens of times in a handful of zones: build each once.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  locale: string,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    formatters.set(key, found);
  }
  return found;
}

function parts(ms: number, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const found = formatter('en-US', timeZone, { hourCycle: 'h23', ...options })
    .formatToParts(ms)
    .map((p): [string, string] => [p.type, p.value]);
  return Object.fromEntries(found) as Partial<Record<Intl.DateTimeFormatPartTypes, string>>;
}

function localDate(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

function localClock(ms: number, timeZone: string, withSeconds: boolean): string {
  const p = parts(ms, timeZone, {
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
  });
  return withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

/**
 * The zone's short name: `PST` or `CET` when the runtime knows a letter abbreviation,
 * else the offset (`GMT+9`), which is never ambiguous.
 */
function zoneName(ms: number, timeZone: string): string {
  const names = ['en-US', 'en-GB'].map(
    (locale) =>
      formatter(locale, timeZone, { timeZoneName: 'short' })
        .formatToParts(ms)
        .find((p) => p.type === 'timeZoneName')?.value ?? timeZone,
  );
  return names.find((n) => /^[A-Z]{2,5}$/.test(n)) ?? names[0] ?? timeZone;
}
