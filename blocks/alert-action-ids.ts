/**
 * The buttons of an alert thread. Each button's value is the thread key (see
 * src/alerts/threads.ts), except `muteConfirm` whose value is an encoded mute proposal.
 * src/slack registers each id with `handleAlertAction` (src/alerts/actions.ts).
 */
export const ALERT_ACTION = {
  acknowledge: 'alert.acknowledge',
  investigate: 'alert.investigate',
  rawEvent: 'alert.raw-event',
  markExpected: 'alert.mark-expected',
  resolve: 'alert.resolve',
  /** "Mute for 7 days" under a Mark-expected proposal. */
  muteConfirm: 'alert.mute-confirm',
} as const;

export type AlertActionId = (typeof ALERT_ACTION)[keyof typeof ALERT_ACTION];

export const ALERT_ACTION_IDS: readonly AlertActionId[] = Object.values(ALERT_ACTION);

export const isAlertActionId = (id: string): id is AlertActionId =>
  (ALERT_ACTION_IDS as readonly string[]).includes(id);

/** block_ids of the parent message. */
export const ALERT_BLOCK = {
  headline: 'alert.headline',
  facts: 'alert.facts',
  status: 'alert.status',
  actions: 'alert.actions',
} as const;
