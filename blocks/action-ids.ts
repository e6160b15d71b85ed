/**
 * The ids of every interactive element trailhound puts in a message or modal. src/slack maps
 * each to one handler; the builders here are the only place that writes them.
 */
export const ACTION = {
  /** "Next ▶" / "◀ Previous": value is an encoded PageState (button-values.ts). */
  pageNext: 'trail.page.next',
  pagePrevious: 'trail.page.previous',
  /**
   * The per-event overflow menu: option value is `<EventMenuChoice>:<eventID>`, plus the engine
   * and event time on a pinned answer (button-values.ts).
   */
  eventMenu: 'trail.event.menu',
  /** Export the whole answer as a CSV file: value is an encoded PageState. */
  exportCsv: 'trail.export.csv',
  /** Post the current page in the channel: value is an encoded PageState. */
  share: 'trail.share',
  /** A did-you-mean suggestion: value is an encoded PageState of the suggested question. */
  suggestion: 'trail.suggestion',
  /** "Run in Athena" under an answer with a gap LookupEvents cannot fill: an encoded PageState. */
  runInAthena: 'trail.run-in-athena',
  /** "Run anyway" on a question refused by the Athena cost cap: an encoded PageState. */
  confirmCost: 'trail.confirm-cost',
  /** "Trace" on an alert thread: value is the alert's thread key (src/alerts/threads.ts). */
  traceAlert: 'trail.trace.alert',
  /** "Ask @person: did you do this?" under a trace: value is the question id (ask-person.ts). */
  askPerson: 'trail.ask-person',
  /** The asked person's Yes / No in their direct message: value is the question id. */
  personYes: 'trail.ask-person.yes',
  personNo: 'trail.ask-person.no',
} as const;

export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** The choices of the per-event menu. */
export const EVENT_MENU_CHOICES = ['raw', 'trace', 'actor', 'resource', 'ip'] as const;
export type EventMenuChoice = (typeof EVENT_MENU_CHOICES)[number];
/** The choices that run a follow-up question (raw opens a modal, trace runs a trace). */
export type FollowUpChoice = Exclude<EventMenuChoice, 'raw' | 'trace'>;

/** The callback_id of the raw-event modal (it has no submit; the id names it in logs). */
export const RAW_EVENT_VIEW = 'trail.raw-event';

/** block_ids, so handlers and tests can find the parts of an answer. */
export const BLOCK = {
  header: 'trail.header',
  summary: 'trail.summary',
  pager: 'trail.pager',
  provenance: 'trail.provenance',
  suggestions: 'trail.suggestions',
  /** Under a trace: who the chain ends at, and the "Ask @person" button when there is one. */
  askPerson: 'trail.ask-person',
  /** The Yes / No buttons of the question sent to a person. */
  personAnswer: 'trail.ask-person.answer',
} as const;
