/**
 * Every Slack limit the builders respect, in one place. Slack rejects a whole message
 * (`invalid_blocks`, `msg_too_long`) when a single field is one character over, so builders
 * truncate against these numbers and the test validator checks every message against them.
 * Sources: docs.slack.dev/reference/block-kit (blocks, block elements, composition objects,
 * views) and chat.postMessage / chat.update.
 */
export const LIMITS = {
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in a modal or Home tab. */
  modalBlocks: 100,
  /** A section's `text`. */
  sectionText: 3000,
  /** A section's `fields`: at most 10, each at most 2000 characters. */
  sectionFields: 10,
  sectionFieldText: 2000,
  /** A header block's plain_text. */
  headerText: 150,
  /** Elements in a context block. */
  contextElements: 10,
  /** Any text object (context elements included). */
  textObject: 3000,
  /** Elements in an actions block. */
  actionsElements: 25,
  /** A button's plain_text label (Slack may visually truncate from ~30). */
  buttonText: 75,
  /** A button's `value`. */
  buttonValue: 2000,
  /** `action_id` and `block_id`. */
  actionId: 255,
  blockId: 255,
  /** An overflow menu holds 2 to 5 options. */
  overflowOptionsMin: 2,
  overflowOptionsMax: 5,
  /** An option's text and value. */
  optionText: 75,
  optionValue: 150,
  /** Confirm dialog title / button labels and body. */
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** The top-level `text` fallback: chat.update rejects longer text with `msg_too_long`. */
  fallbackText: 4000,
  /** Modal title, close and submit labels. */
  modalTitle: 24,
  modalButton: 24,
  /** A modal's private_metadata and callback_id. */
  privateMetadata: 3000,
  callbackId: 255,
  /** A response_url accepts at most 5 posts within 30 minutes of the original request. */
  responseUrlUses: 5,
  responseUrlLifetimeMs: 30 * 60 * 1000,
  /** trigger_id must be used within 3 seconds (views.open). */
  triggerLifetimeMs: 3000,
  /** Slack's deadline for acknowledging a command or action. */
  ackDeadlineMs: 3000,
} as const;

export type LimitName = keyof typeof LIMITS;
