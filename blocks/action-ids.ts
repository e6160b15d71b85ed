/**
 * The ids of every interactive element trailhound puts in a message or modal. src/slack maps
 * each to one handler; the builders here are the only place that writes them.
 */
export const ACTION = {
  /** "Next ▶" / "◀ Previous": value is an encoded PageState (button-values.ts). */
  pageNext: 'trail.page.next',
  pagePrevious: 'trail.page.previous',
  /** The per-event overflow menu: option value is `<EventMenuChoice>:<eventID>`. */
  eventMenu: 'trail.event.menu',
  /** Export the whole answer as a CSV file: value is an encoded PageState. */
  exportCsv: 'trail.export.csv',
  /** Post the current page in the channel: value is an encoded PageState. */
  share: 'trail.share',
  /** A did-you-mean suggestion: value is an encoded PageState of the suggested question. */
  suggestion: 'trail.suggestion',
} as const;

export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** The choices of the per-event menu. */
export const EVENT_MENU_CHOICES = ['raw', 'actor', 'resource', 'ip'] as const;
export type EventMenuChoice = (typeof EVENT_MENU_CHOICES)[number];

/** The callback_id of the raw-event modal (it has no submit; the id names it in logs). */
export const RAW_EVENT_VIEW = 'trail.raw-event';

/** block_ids, so handlers and tests can find the parts of an answer. */
export const BLOCK = {
  header: 'trail.header',
  summary: 'trail.summary',
  pager: 'trail.pager',
  provenance: 'trail.provenance',
  suggestions: 'trail.suggestions',
} as const;
