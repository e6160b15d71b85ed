import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { all, eq, not } from '../src/core/filter.js';

/**
 * CIS CloudWatch.3, for IAM users only: Identity Center sign-ins also report MFAUsed "No"
 * because MFA happens in Identity Center, not in the console login itself.
 */
export const noMfaLogins: CommandSpec = {
  intent: 'no-mfa-logins',
  title: 'Console logins without MFA',
  description: 'Successful IAM user console logins that did not use MFA.',
  patterns: [
    /(?:console )?(?:logins?|log-ins?|sign-?ins?) (?:without|with no|w\/o) mfa/,
    /(?:no|non|without)[- ]mfa (?:console )?(?:logins?|log-ins?|sign-?ins?)/,
  ],
  defaultHours: DEFAULT_HOURS.category,
  filter: () =>
    all(
      eq('eventName', 'ConsoleLogin'),
      eq('eventSource', 'signin.amazonaws.com'),
      eq('responseElements.ConsoleLogin', 'Success'),
      eq('userIdentity.type', 'IAMUser'),
      not(eq('additionalEventData.MFAUsed', 'Yes')),
    ),
  examples: ['logins without mfa', 'console logins without mfa last 30 days', 'no-mfa logins'],
};
