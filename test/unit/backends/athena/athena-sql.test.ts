import { strict as assert } from 'node:assert';
import {
  buildAthenaQuery,
  RECORD_COLUMNS,
  TOTAL_COLUMN,
} from '../../../../src/backends/athena/query.js';
import { recordFromRow, totalFromRow } from '../../../../src/backends/athena/rows.js';
import {
  athenaDialect,
  jsonStringValuePattern,
  windowDays,
} from '../../../../src/backends/sql/athena-dialect.js';
import { all, eq, identity, resource, sourceIp } from '../../../../src/core/filter.js';
import { normaliseRecord } from '../../../../src/core/normalise.js';

describe('Athena dialect', () => {
  it('encodes parameters as SQL literals with quotes doubled', () => {
    assert.equal(athenaDialect.encode({ type: 'string', value: "O'Brien" }), "'O''Brien'");
    assert.equal(
      athenaDialect.encode({ type: 'string', value: "'; DROP TABLE x; --" }),
      "'''; DROP TABLE x; --'",
    );
    assert.equal(
      athenaDialect.encode({ type: 'timestamp', value: new Date('2026-11-01T00:00:00Z') }),
      "TIMESTAMP '2026-11-01 00:00:00.000 UTC'",
    );
  });

  it('lists the UTC days a half-open window touches', () => {
    assert.deepEqual(
      windowDays({
        start: new Date('2026-11-01T10:00:00Z'),
        end: new Date('2026-11-02T00:00:00Z'),
      }),
      ['2026/11/01'],
    );
    assert.deepEqual(
      windowDays({
        start: new Date('2026-10-31T23:00:00Z'),
        end: new Date('2026-11-01T00:00:01Z'),
      }),
      ['2026/10/31', '2026/11/01'],
    );
  });

  it('finds a resource as a whole JSON string value or ARN tail, never as a key or a prefix', () => {
    const re = (value: string) => new RegExp(jsonStringValuePattern(value));
    assert.ok(re('sg-0abc').test('{"groupId": "sg-0abc"}'));
    assert.ok(re('sg-0abc').test('{"items":["x","sg-0abc"]}'));
    assert.ok(re('my-bucket').test('{"ARN":"arn:aws:s3:::my-bucket"}'));
    assert.equal(re('sg-0abc').test('{"groupId":"sg-0abcd"}'), false);
    assert.equal(re('sg-0abc').test('{"sg-0abc":1}'), false);
    assert.equal(re('sg-0abc').test('{"note":"see \\"sg-0abc\\" here"}'), false);
    // A value with '/' must equal the whole string, never a tail.
    assert.equal(re('ops/deploy').test('{"a":"arn:aws:iam::1:role/ops/deploy"}'), false);
  });

  it('never writes a user value into the SQL text', () => {
    const hostile = "x' OR 1=1 --";
    const { sql, params } = buildAthenaQuery(
      {
        where: all(
          eq('eventName', hostile),
          identity(hostile),
          resource(hostile),
          sourceIp('10.0.0.0/8'),
        ),
      },
      'trail',
      'cloudtrail_logs',
      {},
    );
    assert.equal(sql.includes('OR 1=1'), false);
    assert.equal(sql.split('?').length - 1, params.length);
    assert.ok(params.includes("'x'' OR 1=1 --'"));
  });

  it('prunes by the Regions and accounts a question pins or the configuration names', () => {
    const pinned = buildAthenaQuery(
      { where: eq('awsRegion', 'eu-west-1') },
      'trail',
      'cloudtrail_logs',
      {
        regions: ['us-east-1'],
        accounts: ['111122223333'],
      },
    );
    assert.match(pinned.sql, /WHERE "region" IN \(\?\) AND "account" IN \(\?\) AND/);
    assert.deepEqual(pinned.params.slice(0, 2), ["'eu-west-1'", "'111122223333'"]);
    const iam = buildAthenaQuery(
      { where: eq('eventSource', 'iam.amazonaws.com') },
      'trail',
      'cloudtrail_logs',
      {
        regions: ['eu-west-1'],
      },
    );
    assert.deepEqual(iam.regions, ['us-east-1']);
  });
});

describe('Athena rows', () => {
  const header = [...RECORD_COLUMNS.map(([, alias]) => alias), TOTAL_COLUMN];
  const value = (cells: Record<string, string>) => header.map((name) => cells[name]);

  it('rebuilds nested identity, JSON parameters and resources from string cells', () => {
    const cells = value({
      eventid: 'e-1',
      eventtime: '2026-11-26T02:13:44Z',
      eventname: 'AssumeRole',
      readonly: 'true',
      requestparameters:
        '{"roleArn":"arn:aws:iam::111122223333:role/deploy","durationSeconds":3600}',
      ui_type: 'AssumedRole',
      ui_arn: 'arn:aws:sts::111122223333:assumed-role/deploy/gha-1',
      ui_issuer_username: 'deploy',
      ui_sourceidentity: 'alice',
      resources_json:
        '[{"ARN":"arn:aws:iam::111122223333:role/deploy","accountId":null,"type":"AWS::IAM::Role"}]',
      [TOTAL_COLUMN]: '42',
    });
    const record = recordFromRow(header, cells);
    assert.deepEqual(record.userIdentity, {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/deploy/gha-1',
      sessionContext: { sessionIssuer: { userName: 'deploy' }, sourceIdentity: 'alice' },
    });
    assert.deepEqual(record.requestParameters, {
      roleArn: 'arn:aws:iam::111122223333:role/deploy',
      durationSeconds: 3600,
    });
    assert.deepEqual(record.resources, [
      { ARN: 'arn:aws:iam::111122223333:role/deploy', type: 'AWS::IAM::Role' },
    ]);
    const event = normaliseRecord(record);
    assert.equal(event.readOnly, true);
    assert.equal(event.actor.roleName, 'deploy');
    assert.equal(totalFromRow(header, cells), 42);
  });

  it('keeps a parameter column that is not JSON as text', () => {
    const record = recordFromRow(header, value({ requestparameters: 'not json' }));
    assert.equal(record.requestParameters, 'not json');
  });
});
