/**
 * Whether the Athena table exists and is partitioned the way the SQL compiler assumes: by
 * `account`, `region` and `timestamp` with partition projection on, as
 * infra/athena/cloudtrail_logs.sql creates it. Without projection every query sees no
 * partitions (or only those someone remembered to add) and answers "no events".
 */
import { AthenaClient, GetTableMetadataCommand } from '@aws-sdk/client-athena';
import { ClientConfigs, type AwsClientOptions } from '../backends/aws-clients.js';
import type { AthenaSettings } from '../backends/aws-config.js';
import { awsProblem, ok, problem, type CheckResult } from './check.js';

/** The partition keys every compiled query restricts. */
export const PARTITION_KEYS = ['account', 'region', 'timestamp'] as const;

const RECREATE = 'Create the table with infra/athena/cloudtrail_logs.sql (placeholders replaced).';

export async function checkAthenaTable(
  settings: AthenaSettings,
  clientOptions: AwsClientOptions = {},
): Promise<CheckResult> {
  const name = 'athena table';
  const table = `${settings.database}.${settings.table}`;
  const client = new AthenaClient(
    new ClientConfigs(clientOptions).for({ region: settings.region, account: { id: 'default' } }),
  );
  try {
    const out = await client.send(
      new GetTableMetadataCommand({
        CatalogName: 'AwsDataCatalog',
        DatabaseName: settings.database,
        TableName: settings.table,
        WorkGroup: settings.workgroup,
      }),
    );
    const keys = (out.TableMetadata?.PartitionKeys ?? []).map((c) => c.Name ?? '');
    const missing = PARTITION_KEYS.filter((k) => !keys.includes(k));
    if (missing.length > 0) {
      return problem(
        name,
        `${table} is not partitioned by ${missing.join(', ')} (it has: ${keys.join(', ') || 'none'})`,
        RECREATE,
      );
    }
    const parameters = out.TableMetadata?.Parameters ?? {};
    if (parameters['projection.enabled'] !== 'true') {
      return problem(
        name,
        `${table} has no partition projection, so queries find only partitions added by hand`,
        `Set the projection.* table properties of infra/athena/cloudtrail_logs.sql (ALTER TABLE ${table} SET TBLPROPERTIES …).`,
      );
    }
    return ok(
      name,
      `${table} in ${settings.region}: partitioned by account, region, timestamp (projection on)`,
    );
  } catch (e) {
    const code = (e as { name?: unknown }).name;
    if (code === 'MetadataException' || code === 'EntityNotFoundException') {
      return problem(name, `${table} does not exist in ${settings.region}`, RECREATE);
    }
    return awsProblem(name, e, { action: 'athena:GetTableMetadata', region: settings.region });
  } finally {
    client.destroy();
  }
}
