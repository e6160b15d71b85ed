/**
 * The Block Kit types the builders use, taken from the `@slack/types` that @slack/bolt
 * re-exports as the `types` namespace (so the project depends on bolt only).
 */
import type { types } from '@slack/bolt';

export type KnownBlock = types.KnownBlock;
export type SectionBlock = types.SectionBlock;
export type ContextBlock = types.ContextBlock;
export type ActionsBlock = types.ActionsBlock;
export type HeaderBlock = types.HeaderBlock;
export type Button = types.Button;
export type Overflow = types.Overflow;
export type PlainTextOption = types.PlainTextOption;
export type MrkdwnElement = types.MrkdwnElement;
export type PlainTextElement = types.PlainTextElement;
export type ModalView = types.ModalView;

/** A message as sent through respond(), chat.postMessage or a response_url. */
export interface SlackMessage {
  /** The notification / screen-reader fallback; mrkdwn, escaped like every other text. */
  text: string;
  blocks: KnownBlock[];
}
