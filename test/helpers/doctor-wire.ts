/**
 * nock scopes for the calls `trailhound doctor` and `/healthz?deep=1` make, on their real wire
 * formats: Slack's auth.test (a form POST with the token as a bearer header, scopes in the
 * `x-oauth-scopes` response header), STS GetCallerIdentity (query protocol, XML reply),
 * Athena GetTableMetadata (JSON 1.1) and DynamoDB DescribeTable (JSON 1.0).
 */
import nock from 'nock';
import './nock-node20.js';
import { BOT_SCOPES } from '../../src/doctor/slack.js';
import { athena, awsError, cloudTrail } from './aws-wire.js';

export const BOT_TOKEN = 'xoxb-doctor-test-token';
/** Shaped like a real signing secret: 32 lowercase hex digits. */
export const SIGNING_SECRET_HEX = '8f742231b10e8888abcd99e1f2a385a5';

/** One auth.test answer: the bot's identity, or `{ error }`; `scopes` as Slack lists them. */
export function slackAuthTest(
  options: { error?: string; scopes?: string; token?: string } = {},
): nock.Scope {
  return nock('https://slack.com', {
    reqheaders: { authorization: `Bearer ${options.token ?? BOT_TOKEN}` },
  })
    .post('/api/auth.test')
    .reply(
      200,
      options.error !== undefined
        ? { ok: false, error: options.error }
        : {
            ok: true,
            url: 'https://acme.slack.com/',
            team: 'acme',
            user: 'trailhound',
            team_id: 'T0TEAM',
            user_id: 'U0BOT',
            bot_id: 'B0BOT',
          },
      { 'x-oauth-scopes': options.scopes ?? BOT_SCOPES.join(',') },
    );
}

/** STS GetCallerIdentity in a Region (the SDK uses the regional endpoint). */
export function callerIdentity(region: string): nock.Scope {
  return nock(`https://sts.${region}.amazonaws.com`)
    .post('/', (body: string) => new URLSearchParams(body).get('Action') === 'GetCallerIdentity')
    .reply(
      200,
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::111122223333:assumed-role/trailhound/i-0abc</Arn>
    <UserId>AROAEXAMPLEID:i-0abc</UserId>
    <Account>111122223333</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`,
      { 'content-type': 'text/xml' },
    );
}

/** GetTableMetadata for the CloudTrail table of infra/athena/cloudtrail_logs.sql. */
export function athenaTable(region: string, options: { projection?: boolean } = {}): nock.Scope {
  return athena(region, 'GetTableMetadata')
    .post('/')
    .reply(200, {
      TableMetadata: {
        Name: 'cloudtrail_logs',
        TableType: 'EXTERNAL_TABLE',
        Columns: [{ Name: 'eventtime', Type: 'string' }],
        PartitionKeys: [
          { Name: 'account', Type: 'string' },
          { Name: 'region', Type: 'string' },
          { Name: 'timestamp', Type: 'string' },
        ],
        Parameters:
          options.projection === false
            ? { EXTERNAL: 'TRUE' }
            : { 'projection.enabled': 'true', 'projection.timestamp.type': 'date' },
      },
    });
}

/** DescribeTable for the alert state table (pk/sk, ACTIVE). */
export function dynamoTable(region: string, table: string): nock.Scope {
  return nock(`https://dynamodb.${region}.amazonaws.com`, {
    reqheaders: {
      'x-amz-target': 'DynamoDB_20120810.DescribeTable',
      'content-type': 'application/x-amz-json-1.0',
    },
  })
    .post('/', (body: { TableName?: string }) => body.TableName === table)
    .reply(
      200,
      {
        Table: {
          TableName: table,
          TableStatus: 'ACTIVE',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        },
      },
      { 'content-type': 'application/x-amz-json-1.0' },
    );
}

/** LookupEvents in `region` refused as AWS refuses it to a role without cloudtrail:LookupEvents. */
export function lookupDenied(region: string): nock.Scope {
  return cloudTrail(region)
    .post('/')
    .reply(
      400,
      awsError(
        'AccessDeniedException',
        'User: arn:aws:sts::111122223333:assumed-role/trailhound/i-1 is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action',
      ),
    );
}
