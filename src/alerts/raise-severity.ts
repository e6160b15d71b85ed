/**
 * Raising an alert's severity after the fact: when the person a trace ends at answers "No, that
 * was not me", the event was made with their identity by someone else — stolen keys, a hijacked
 * session — which is worse than whatever rule first rated it. The severity lives in the thread's
 * stored view (the parent is rebuilt from it), so raising it is a patch of that view plus the
 * same immediate re-render a status change gets.
 */
import { severityRank, SEVERITIES, type Severity } from './severity.js';
import { parentFor, syncThread, type AlertDeps } from './threads.js';

export interface SeverityChange {
  from: Severity;
  to: Severity;
}

/** A denied event is at least this urgent. */
const DENIED_FLOOR: Severity = 'high';

/**
 * One step more urgent, and never below high. Examples: `low` → `high`, `high` → `critical`,
 * `critical` → `critical`.
 */
export function raisedSeverity(severity: Severity): Severity {
  const oneUp = SEVERITIES[Math.max(0, severityRank(severity) - 1)] ?? severity;
  return severityRank(oneUp) < severityRank(DENIED_FLOOR) ? oneUp : DENIED_FLOOR;
}

/**
 * Raises the thread's alert (see {@link raisedSeverity}) and re-renders its parent message.
 * Returns the change, `from === to` when it was already critical; undefined when the thread
 * expired.
 */
export async function raiseThreadSeverity(
  threadKey: string,
  deps: AlertDeps,
): Promise<SeverityChange | undefined> {
  const thread = await deps.store.getThread(threadKey);
  if (thread === undefined) return undefined;
  const { view } = parentFor(thread, deps);
  const change: SeverityChange = { from: view.severity, to: raisedSeverity(view.severity) };
  if (change.to === change.from) return change;
  await deps.store.patchThread(
    threadKey,
    { alert: JSON.stringify({ ...view, severity: change.to }) },
    true,
  );
  // Someone answered: show it now, whatever the storm throttle says.
  await syncThread(threadKey, deps, true);
  return change;
}
