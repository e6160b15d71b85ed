/**
 * Whether LookupEvents answers in one Region of one account: the cheapest possible call
 * (MaxResults 1), through the same role assumption the LookupEvents backend uses.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { ClientConfigs } from '../backends/aws-clients.js';
import type { AccountTarget } from '../backends/aws-config.js';
import { awsProblem, ok, type CheckResult } from './check.js';

/** `cloudtrail eu-west-1`, or `cloudtrail eu-west-1 111122223333` for a listed account. */
export const lookupCheckName = (region: string, account: AccountTarget): string =>
  account.id === 'default' ? `cloudtrail ${region}` : `cloudtrail ${region} ${account.id}`;

export async function checkLookupAccess(
  region: string,
  account: AccountTarget,
  configs: ClientConfigs,
): Promise<CheckResult> {
  const name = lookupCheckName(region, account);
  const client = new CloudTrailClient(configs.for({ region, account }));
  try {
    const out = await client.send(new LookupEventsCommand({ MaxResults: 1 }));
    const newest = out.Events?.[0]?.EventTime;
    return ok(
      name,
      newest === undefined
        ? 'LookupEvents answers (no events in the last 90 days)'
        : `LookupEvents answers; newest event ${newest.toISOString()}`,
    );
  } catch (e) {
    return awsProblem(name, e, {
      action: 'cloudtrail:LookupEvents',
      region,
      account: account.id,
      ...(account.roleArn !== undefined ? { roleArn: account.roleArn } : {}),
    });
  } finally {
    client.destroy();
  }
}
