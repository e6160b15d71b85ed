import { strict as assert } from 'node:assert';
import { csvCell, eventsToCsv } from '../../../src/slack/csv.js';
import { makeEvent } from '../../helpers/answers.js';

describe('slack/csv', () => {
  it('quotes separators and quotes, and defuses spreadsheet formulas', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('=HYPERLINK("http://evil")'), `"'=HYPERLINK(""http://evil"")"`);
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell(undefined), '');
  });

  it('writes a header and one CRLF row per event', () => {
    const csv = eventsToCsv([makeEvent(), makeEvent({ userAgent: '-cmd|calc' })]);
    const rows = csv.trimEnd().split('\r\n');
    assert.equal(rows.length, 3);
    assert.match(rows[0] ?? '', /^eventTime,eventName,eventSource,awsRegion,account,actor,/);
    assert.match(
      rows[1] ?? '',
      /^2026-11-26T10:15:30Z,AuthorizeSecurityGroupIngress,ec2\.amazonaws\.com,eu-west-1,111122223333,/,
    );
    assert.ok(rows[2]?.includes("'-cmd|calc"));
  });
});
