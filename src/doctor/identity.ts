/** Whose AWS credentials the bot runs with: STS GetCallerIdentity, which needs no permission. */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ClientConfigs, type AwsClientOptions } from '../backends/aws-clients.js';
import { awsProblem, ok, type CheckResult } from './check.js';

export async function checkAwsCredentials(
  region: string,
  clientOptions: AwsClientOptions = {},
): Promise<CheckResult> {
  const name = 'aws credentials';
  const client = new STSClient(
    new ClientConfigs(clientOptions).for({ region, account: { id: 'default' } }),
  );
  try {
    const out = await client.send(new GetCallerIdentityCommand({}));
    return ok(name, `${out.Arn ?? 'unknown principal'} (account ${out.Account ?? '?'})`);
  } catch (e) {
    return awsProblem(name, e, { action: 'sts:GetCallerIdentity', region });
  } finally {
    client.destroy();
  }
}
