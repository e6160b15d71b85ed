/**
 * The SELECT trailhound runs on Athena for a filter: the shared compiler's WHERE clause in the
 * Athena dialect, preceded by plain top-level partition predicates — `"timestamp"` for every
 * bounded window, `region` and `account` when the question (or the configuration) limits them —
 * which is what Athena's partition projection prunes on; and the columns needed to rebuild each
 * CloudTrail record.
 *
 * The columns are read flat (struct fields one by one, `resources` as JSON text) rather than
 * as whole STRUCTs, because Athena renders a STRUCT as `{type=IAMUser, …}`, which is not JSON.
 */
import type { EventFilter } from '../../core/filter.js';
import { requiredValues } from '../filter-facts.js';
import { regionsFor } from '../regions.js';
import { athenaDialect, sqlString, windowDays } from '../sql/athena-dialect.js';
import { compileFilter } from '../sql/compile.js';

/** Most rows one question can page through; the count of all matches is still exact. */
export const ATHENA_ROW_CAP = 10_000;

/**
 * Result columns and where they go in the rebuilt record. A path of one key is a top-level
 * field; `userIdentity.…` paths rebuild the nested identity.
 */
export const RECORD_COLUMNS: readonly (readonly [sql: string, alias: string, path: string])[] = [
  ['eventversion', 'eventversion', 'eventVersion'],
  ['eventtime', 'eventtime', 'eventTime'],
  ['eventsource', 'eventsource', 'eventSource'],
  ['eventname', 'eventname', 'eventName'],
  ['awsregion', 'awsregion', 'awsRegion'],
  ['sourceipaddress', 'sourceipaddress', 'sourceIPAddress'],
  ['useragent', 'useragent', 'userAgent'],
  ['errorcode', 'errorcode', 'errorCode'],
  ['errormessage', 'errormessage', 'errorMessage'],
  ['requestparameters', 'requestparameters', 'requestParameters'],
  ['responseelements', 'responseelements', 'responseElements'],
  ['additionaleventdata', 'additionaleventdata', 'additionalEventData'],
  ['requestid', 'requestid', 'requestID'],
  ['eventid', 'eventid', 'eventID'],
  ['eventtype', 'eventtype', 'eventType'],
  ['apiversion', 'apiversion', 'apiVersion'],
  ['readonly', 'readonly', 'readOnly'],
  ['recipientaccountid', 'recipientaccountid', 'recipientAccountId'],
  ['serviceeventdetails', 'serviceeventdetails', 'serviceEventDetails'],
  ['sharedeventid', 'sharedeventid', 'sharedEventID'],
  ['vpcendpointid', 'vpcendpointid', 'vpcEndpointId'],
  ['eventcategory', 'eventcategory', 'eventCategory'],
  ['useridentity.type', 'ui_type', 'userIdentity.type'],
  ['useridentity.principalid', 'ui_principalid', 'userIdentity.principalId'],
  ['useridentity.arn', 'ui_arn', 'userIdentity.arn'],
  ['useridentity.accountid', 'ui_accountid', 'userIdentity.accountId'],
  ['useridentity.invokedby', 'ui_invokedby', 'userIdentity.invokedBy'],
  ['useridentity.accesskeyid', 'ui_accesskeyid', 'userIdentity.accessKeyId'],
  ['useridentity.username', 'ui_username', 'userIdentity.userName'],
  ['useridentity.onbehalfof.userid', 'ui_obo_userid', 'userIdentity.onBehalfOf.userId'],
  [
    'useridentity.onbehalfof.identitystorearn',
    'ui_obo_storearn',
    'userIdentity.onBehalfOf.identityStoreArn',
  ],
  [
    'useridentity.sessioncontext.attributes.mfaauthenticated',
    'ui_mfa',
    'userIdentity.sessionContext.attributes.mfaAuthenticated',
  ],
  [
    'useridentity.sessioncontext.attributes.creationdate',
    'ui_created',
    'userIdentity.sessionContext.attributes.creationDate',
  ],
  [
    'useridentity.sessioncontext.sessionissuer.type',
    'ui_issuer_type',
    'userIdentity.sessionContext.sessionIssuer.type',
  ],
  [
    'useridentity.sessioncontext.sessionissuer.principalid',
    'ui_issuer_principalid',
    'userIdentity.sessionContext.sessionIssuer.principalId',
  ],
  [
    'useridentity.sessioncontext.sessionissuer.arn',
    'ui_issuer_arn',
    'userIdentity.sessionContext.sessionIssuer.arn',
  ],
  [
    'useridentity.sessioncontext.sessionissuer.accountid',
    'ui_issuer_accountid',
    'userIdentity.sessionContext.sessionIssuer.accountId',
  ],
  [
    'useridentity.sessioncontext.sessionissuer.username',
    'ui_issuer_username',
    'userIdentity.sessionContext.sessionIssuer.userName',
  ],
  [
    'useridentity.sessioncontext.sourceidentity',
    'ui_sourceidentity',
    'userIdentity.sessionContext.sourceIdentity',
  ],
  [
    "json_format(CAST(transform(resources, r -> MAP(ARRAY['ARN', 'accountId', 'type'], ARRAY[r.arn, r.accountid, r.type])) AS JSON))",
    'resources_json',
    'resources',
  ],
];

/** Column with the number of all matches (a window count, computed before LIMIT). */
export const TOTAL_COLUMN = 'total_matches';

export interface AthenaScope {
  /**
   * Partition values to restrict to; absent = every Region / account in the table. Regions are
   * the configured TRAIL_REGIONS, widened by `regionsFor()` exactly as LookupEvents would.
   */
  regions?: readonly string[];
  accounts?: readonly string[];
}

export interface AthenaQuery {
  sql: string;
  /** ExecutionParameters: SQL literals in placeholder order. */
  params: string[];
  /** Partition days read (absent for a question without a window: the whole table). */
  days?: string[];
  regions?: string[];
  accounts?: string[];
}

const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * The query for `filter` over `database.table`, narrowed to the scope's partitions. A filter
 * that pins `awsRegion` or `recipientAccountId` narrows further (the S3 folders are named after
 * both).
 *
 * @example buildAthenaQuery({ window: today, where: eq('eventName', 'ConsoleLogin') },
 *                           'trail', 'cloudtrail_logs', { regions: ['us-east-1'] })
 * // → { sql: 'SELECT … WHERE "region" IN (?) AND ("timestamp" BETWEEN ? AND ? …', params: ["'us-east-1'", "'2026/11/26'", …] }
 */
export function buildAthenaQuery(
  filter: EventFilter,
  database: string,
  table: string,
  scope: AthenaScope,
): AthenaQuery {
  const pinnedRegions = requiredValues(filter.where, 'awsRegion');
  const pinnedAccounts = requiredValues(filter.where, 'recipientAccountId');
  // Configured Regions get the same treatment as LookupEvents' fan-out (us-east-1 for IAM…).
  const regions =
    pinnedRegions !== undefined
      ? [...pinnedRegions].sort()
      : scope.regions === undefined
        ? undefined
        : regionsFor(filter.where, scope.regions).regions.sort();
  const accounts = pinnedAccounts === undefined ? scope.accounts : [...pinnedAccounts].sort();

  const params: string[] = [];
  const partitions: string[] = [];
  const inList = (column: string, values: readonly string[]): string => {
    if (values.length === 0) return 'FALSE';
    const placeholders = values.map((value) => {
      params.push(sqlString(value));
      return '?';
    });
    return `${quoteIdentifier(column)} IN (${placeholders.join(', ')})`;
  };
  const days = filter.window === undefined ? undefined : windowDays(filter.window);
  if (days !== undefined) {
    const [first = '', last = first] = [days[0], days.at(-1)];
    params.push(sqlString(first), sqlString(last));
    partitions.push(`${quoteIdentifier('timestamp')} BETWEEN ? AND ?`);
  }
  if (regions !== undefined) partitions.push(inList('region', regions));
  if (accounts !== undefined) partitions.push(inList('account', accounts));

  const compiled = compileFilter(filter, athenaDialect);
  params.push(...compiled.params.map(String));
  const where = [...partitions, compiled.where].join(' AND ');
  const columns = RECORD_COLUMNS.map(([sql, alias]) =>
    sql === alias ? sql : `${sql} AS ${alias}`,
  ).join(', ');
  const sql =
    `SELECT ${columns}, count(*) OVER () AS ${TOTAL_COLUMN} ` +
    `FROM ${quoteIdentifier(database)}.${quoteIdentifier(table)} ` +
    `WHERE ${where} ` +
    `ORDER BY eventtime DESC, eventid ASC LIMIT ${ATHENA_ROW_CAP}`;

  const query: AthenaQuery = { sql, params };
  if (days !== undefined) query.days = days;
  if (regions !== undefined) query.regions = [...regions];
  if (accounts !== undefined) query.accounts = [...accounts];
  return query;
}
