import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { any, endsWith, startsWith } from '../src/core/filter.js';

/** The CIS "unauthorized API calls" filter, literally (SNS AuthorizationError is not in it). */
export const accessDenied: CommandSpec = {
  intent: 'access-denied',
  title: 'Access denied',
  description: 'Calls AWS refused: AccessDenied* and *UnauthorizedOperation errors.',
  patterns: [
    /access[- ]denied(?: errors| events| calls)?/,
    /authori[sz]ation (?:failures|errors)/,
    /unauthori[sz]ed (?:calls|api calls|requests|operations|attempts|access)/,
    /denied (?:calls|requests|actions)/,
  ],
  defaultHours: DEFAULT_HOURS.recent,
  filter: () =>
    any(endsWith('errorCode', 'UnauthorizedOperation'), startsWith('errorCode', 'AccessDenied')),
  examples: [
    'access denied today',
    'unauthorized calls by deploy-bot',
    'authorization failures in us-east-1',
  ],
};
