import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { all, any, eq, present } from '../src/core/filter.js';

/** Console sign-in failures: a failed ConsoleLogin, or any signin call that carries an error. */
export const failedLogins: CommandSpec = {
  intent: 'failed-logins',
  title: 'Failed console logins',
  description: 'Console sign-ins that failed (wrong password, MFA, unknown user).',
  patterns: [
    /failed (?:console )?(?:logins?|log-ins?|sign-?ins?|login attempts|authentications?)/,
    /(?:console )?(?:login|log-in|sign-?in) failures/,
  ],
  defaultHours: DEFAULT_HOURS.recent,
  filter: () =>
    all(
      eq('eventSource', 'signin.amazonaws.com'),
      any(
        eq('responseElements.ConsoleLogin', 'Failure'),
        present('errorCode'),
        present('errorMessage'),
      ),
    ),
  examples: [
    'failed logins today',
    'failed console logins last 7 days',
    'login failures from 203.0.113.0/24',
  ],
};
