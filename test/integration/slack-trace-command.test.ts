/** `/trail trace …` through the real Bolt receiver: the answer is the trace message. */
import { strict as assert } from 'node:assert';
import type { KnownBlock } from '../../blocks/slack-types.js';
import { assertValidMessage } from '../helpers/block-kit-validator.js';
import {
  commandBody,
  newResponseUrl,
  nock,
  postSigned,
  SlackFake,
  startApp,
  waitFor,
  type Running,
} from '../helpers/slack-harness.js';
import { memoryBackend, traceFixtureEvents } from '../helpers/trace-scenarios.js';

describe('Slack /trail trace (real pipeline)', function () {
  this.timeout(60_000);
  let running: Running;
  let slack: SlackFake;

  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  beforeEach(async () => {
    slack = new SlackFake();
    running = await startApp(memoryBackend(traceFixtureEvents()));
  });
  afterEach(async () => {
    await running.close();
    nock.cleanAll();
  });
  after(() => nock.enableNetConnect());

  it('answers with the chain, hop by hop, in the asker time zone', async () => {
    const responseUrl = newResponseUrl();
    const text = 'who is behind ASIADBADMINEXAMPLE01 last 30 days';
    const ack = await postSigned(running.port, commandBody({ text, response_url: responseUrl }));
    assert.equal(ack.status, 200);
    const answer = await waitFor(() => slack.repliesTo(responseUrl).at(-1), 'the trace');
    assertValidMessage(answer);
    const blocks = answer['blocks'] as KnownBlock[];
    const header = blocks[0];
    assert.equal(
      header?.type === 'header' ? header.text.text : '',
      'Trace of ASIADBADMINEXAMPLE01',
    );
    const all = JSON.stringify(blocks);
    assert.ok(all.includes('*IAM user* `alice`'), all);
    assert.ok(all.includes('sharedEventID 7c1f3a52-4b1e-4d2a-9c55-0b6f1e2d3a41'), all);
    assert.match(all, /Europe\/Paris|CET/);
    assert.equal(running.audits.at(-1)?.outcome, 'answered');
  });
});
