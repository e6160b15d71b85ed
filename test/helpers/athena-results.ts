/**
 * Athena's answers on the awsJson1_1 wire, for nock: GetQueryExecution states with bytes scanned,
 * and GetQueryResults pages laid out as the query trailhound builds returns them (header row first,
 * every value a VarCharValue, absent values as empty cells); and the backend that reads them.
 */
import {
  AthenaBackend,
  type AthenaBackendOptions,
} from '../../src/backends/athena/athena-backend.js';
import { ScanHistory } from '../../src/backends/athena/cost.js';
import { RECORD_COLUMNS, TOTAL_COLUMN } from '../../src/backends/athena/query.js';
import { testClientOptions } from './aws-wire.js';
import { instantClock } from './instant-clock.js';

/** The columns of trailhound's SELECT, in order, then the window total. */
export const HEADER = [...RECORD_COLUMNS.map(([, alias]) => alias), TOTAL_COLUMN];

/** One result row from column values by name. */
export const cells = (values: Record<string, string>) => ({
  Data: HEADER.map((name) => (values[name] === undefined ? {} : { VarCharValue: values[name] })),
});

/** The first row of the first page: the column names. */
export const headerRow = { Data: HEADER.map((name) => ({ VarCharValue: name })) };

/** A failed console login by alice at 0n:00 on 2026-11-26, of `total` matches. */
export const loginRow = (n: number, total: number) =>
  cells({
    eventid: `evt-${n}`,
    eventtime: `2026-11-26T0${n}:00:00Z`,
    eventname: 'ConsoleLogin',
    eventsource: 'signin.amazonaws.com',
    awsregion: 'us-east-1',
    readonly: 'false',
    responseelements: '{"ConsoleLogin":"Failure"}',
    additionaleventdata: '{"MFAUsed":"No","LoginTo":"https://console.aws.amazon.com"}',
    ui_type: 'IAMUser',
    ui_username: 'alice',
    ui_arn: 'arn:aws:iam::111122223333:user/alice',
    resources_json: '[{"ARN":"arn:aws:iam::111122223333:user/alice","type":"AWS::IAM::User"}]',
    [TOTAL_COLUMN]: String(total),
  });

/** A GetQueryResults body. */
export const resultsPage = (rows: object[], nextToken?: string) => ({
  ResultSet: {
    ResultSetMetadata: { ColumnInfo: HEADER.map((Name) => ({ Name, Type: 'varchar' })) },
    Rows: rows,
  },
  ...(nextToken === undefined ? {} : { NextToken: nextToken }),
});

/** A GetQueryExecution body for query `q-1`. */
export const execution = (State: string, bytes = 0, reason?: string) => ({
  QueryExecution: {
    QueryExecutionId: 'q-1',
    Status: { State, ...(reason === undefined ? {} : { StateChangeReason: reason }) },
    Statistics: { DataScannedInBytes: bytes },
  },
});

/**
 * The Athena backend on the test wire: table `trail.cloudtrail_logs` in us-east-1, workgroup
 * `investigations`, scans capped at `maxBytes`, a clock that never waits, no scan history yet.
 */
export const testAthenaBackend = (
  maxBytes: number,
  overrides: Partial<AthenaBackendOptions> = {},
): AthenaBackend =>
  new AthenaBackend({
    settings: {
      region: 'us-east-1',
      database: 'trail',
      table: 'cloudtrail_logs',
      workgroup: 'investigations',
      outputLocation: 's3://results-bucket/trailhound/',
      maxBytes,
    },
    clientOptions: testClientOptions,
    clock: instantClock(),
    history: new ScanHistory(),
    ...overrides,
  });
