import { strict as assert } from 'node:assert';
import { parseMrkdwn, renderPicture } from '../../../scripts/block-kit-svg.js';

describe('the README picture renderer', () => {
  it('reads mrkdwn bold, code, links, mentions and Slack escapes', () => {
    assert.deepEqual(
      parseMrkdwn('*3 events* by `bob` &amp; <@U0ALICE> see <https://x.test|docs>'),
      [
        { text: '3 events', style: 'bold' },
        { text: ' by ', style: 'plain' },
        { text: 'bob', style: 'code' },
        { text: ' & ', style: 'plain' },
        { text: '@U0ALICE', style: 'mention' },
        { text: ' see ', style: 'plain' },
        { text: 'docs', style: 'link' },
      ],
    );
    assert.deepEqual(parseMrkdwn(':mag: Investigation'), [
      { text: '🔍 Investigation', style: 'plain' },
    ]);
  });

  it('draws every block kind as well-formed SVG, escaping what events put in it', () => {
    const svg = renderPicture({
      title: '#security',
      parent: {
        time: '15:00 UTC',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Who changed sg-0abc' } },
          {
            type: 'section',
            text: { type: 'mrkdwn', text: '*Who* `&lt;script&gt;alert(1)&lt;/script&gt;`' },
            accessory: { type: 'overflow', action_id: 'o', options: [] },
          },
          { type: 'divider' },
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'DuckDB · 3 files' }] },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action_id: 'a',
                text: { type: 'plain_text', text: 'Acknowledge' },
                style: 'primary',
              },
            ],
          },
        ],
      },
      replies: [
        {
          time: '15:01 UTC',
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'reply' } }],
        },
      ],
    });
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /font-weight="700"[^>]*>Who/);
    assert.match(svg, />&lt;script&gt;alert\(1\)&lt;\/script&gt;</);
    assert.doesNotMatch(svg, /<script/);
    assert.match(svg, />Acknowledge</);
    assert.match(svg, /fill="#007a5a"/, 'a primary button is green');
    assert.match(svg, />⋯</, 'the overflow menu');
    assert.match(svg, /1 reply in thread/);
    assert.match(svg, />DuckDB · 3 files</);
  });
});
