/** Where a thread stands: the parent's status line shows it. Stored as JSON in the thread record. */
export interface ThreadStatus {
  /** `reopened`: alerts kept coming after it was resolved. */
  state: 'acknowledged' | 'resolved' | 'reopened';
  /** A Slack user id (`U0123ABC`) or a system actor (`CloudWatch`, `CloudTrail Insights`). */
  by: string;
  atMs: number;
}

export function parseStatus(json: string | undefined): ThreadStatus | undefined {
  if (json === undefined) return undefined;
  try {
    const value = JSON.parse(json) as Partial<ThreadStatus>;
    if (
      (value.state === 'acknowledged' ||
        value.state === 'resolved' ||
        value.state === 'reopened') &&
      typeof value.by === 'string' &&
      typeof value.atMs === 'number'
    ) {
      return { state: value.state, by: value.by, atMs: value.atMs };
    }
  } catch {
    // A status we cannot read is shown as none.
  }
  return undefined;
}
