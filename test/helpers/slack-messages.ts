/**
 * Reading the messages the bot sends, as the tests need to: the blocks of a reply, the buttons of
 * an answer's pager row, and what Slack would render of it (button values are data the bot reads
 * back when clicked, never shown, so they are left out).
 */
import { BLOCK } from '../../blocks/action-ids.js';
import type { KnownBlock } from '../../blocks/slack-types.js';

export const blocksOf = (body: Record<string, unknown>): KnownBlock[] =>
  (body['blocks'] ?? []) as KnownBlock[];

/** The buttons of an answer's pager row (pages, Run in Athena, export, share). */
export const buttonsOf = (body: Record<string, unknown>) => {
  const pager = blocksOf(body).find((b) => 'block_id' in b && b.block_id === BLOCK.pager);
  return pager?.type === 'actions'
    ? pager.elements.flatMap((e) => (e.type === 'button' ? [e] : []))
    : [];
};

/** Everything Slack would render (button values are data the bot reads back, not shown). */
export const rendered = (x: unknown): string =>
  JSON.stringify(x, (key, v: unknown) => (key === 'value' ? undefined : v));
