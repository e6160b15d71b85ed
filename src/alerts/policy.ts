/**
 * Where an alert goes and whether it is muted: the configurable half of the rules. Pure.
 */
import type { Mute } from '../ports/state.js';
import type { AlertConfig, Route } from './config.js';
import type { Verdict } from './rules.js';
import { severityRank } from './severity.js';

/**
 * Glob match where `*` is any run of characters, case-insensitive, whole string.
 * Example: `globMatch('ci-*', 'CI-deploy')` → true.
 */
export function globMatch(pattern: string, value: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'is').test(value);
}

function routeMatches(route: Route, verdict: Verdict, account: string | undefined): boolean {
  const s = route.selector;
  switch (s.kind) {
    case 'account':
      return account === s.account;
    case 'rule':
      return globMatch(s.pattern, verdict.rule);
    case 'severity':
      return s.orMore
        ? severityRank(verdict.severity) <= severityRank(s.severity)
        : verdict.severity === s.severity;
  }
}

/** The channel for an alert: the first matching route, else ALERT_CHANNEL. */
export function channelFor(
  verdict: Verdict,
  account: string | undefined,
  config: AlertConfig,
): string {
  return config.routes.find((r) => routeMatches(r, verdict, account))?.channel ?? config.channel;
}

/**
 * The live mute that silences this verdict, if any: its rule glob matches the rule id and its
 * actor glob matches one of the actor's names (`*` also matches alerts that have no actor).
 */
export function findMute(
  verdict: Verdict,
  mutes: readonly Mute[],
  nowMs: number,
): Mute | undefined {
  return mutes.find(
    (m) =>
      m.expiresAtMs > nowMs &&
      globMatch(m.rule, verdict.rule) &&
      (m.actor === '*' || verdict.actorNames.some((name) => globMatch(m.actor, name))),
  );
}
