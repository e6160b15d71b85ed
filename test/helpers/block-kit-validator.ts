/**
 * Checks a message or modal against the Block Kit limits of blocks/limits.ts, the way Slack would
 * reject it (`invalid_blocks`), plus the safety rule that no mrkdwn text carries a raw `<` other
 * than the bot's own user mentions. Every test that produces a message runs it through here.
 */
import { LIMITS } from '../../blocks/limits.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Only `<@U…>` mentions the bot writes itself may appear unescaped. */
const UNSAFE_ANGLE = /<(?!@[UW][A-Z0-9]+>)/;

class Checker {
  readonly problems: string[] = [];

  fail(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  max(path: string, value: string | undefined, max: number): void {
    if (value !== undefined && value.length > max)
      this.fail(path, `${value.length} > ${max} characters`);
  }

  text(path: string, t: unknown, max: number, only?: 'plain_text'): void {
    if (!isObject(t)) return this.fail(path, 'text object missing');
    if (t['type'] !== 'plain_text' && t['type'] !== 'mrkdwn')
      return this.fail(path, `bad text type ${String(t['type'])}`);
    if (only && t['type'] !== only) this.fail(path, `must be ${only}`);
    const s = t['text'];
    if (typeof s !== 'string' || s.length === 0) return this.fail(path, 'empty text');
    this.max(path, s, max);
    if (t['type'] === 'plain_text' && 'verbatim' in t) this.fail(path, 'verbatim on plain_text');
    if (t['type'] === 'mrkdwn' && 'emoji' in t) this.fail(path, 'emoji on mrkdwn');
    if (UNSAFE_ANGLE.test(s))
      this.fail(path, `unescaped "<" in ${String(t['type'])}: ${s.slice(0, 80)}`);
  }

  id(path: string, v: unknown, max: number): void {
    if (v === undefined) return;
    if (typeof v !== 'string' || v.length === 0) return this.fail(path, 'empty id');
    this.max(path, v, max);
  }

  element(path: string, e: unknown, actionIds: Set<string>): void {
    if (!isObject(e)) return this.fail(path, 'element is not an object');
    const actionId = e['action_id'];
    this.id(`${path}.action_id`, actionId, LIMITS.actionId);
    if (typeof actionId === 'string') {
      if (actionIds.has(actionId)) this.fail(path, `duplicate action_id ${actionId}`);
      actionIds.add(actionId);
    }
    switch (e['type']) {
      case 'button':
        this.text(`${path}.text`, e['text'], LIMITS.buttonText, 'plain_text');
        if (typeof e['value'] === 'string')
          this.max(`${path}.value`, e['value'], LIMITS.buttonValue);
        return;
      case 'overflow': {
        const options = e['options'];
        if (!Array.isArray(options)) return this.fail(path, 'overflow without options');
        if (
          options.length < LIMITS.overflowOptionsMin ||
          options.length > LIMITS.overflowOptionsMax
        ) {
          this.fail(path, `overflow has ${options.length} options`);
        }
        options.forEach((o: unknown, i) => {
          if (!isObject(o)) return this.fail(`${path}.options[${i}]`, 'not an object');
          this.text(`${path}.options[${i}].text`, o['text'], LIMITS.optionText, 'plain_text');
          if (typeof o['value'] === 'string')
            this.max(`${path}.options[${i}].value`, o['value'], LIMITS.optionValue);
        });
        return;
      }
      default:
        this.fail(path, `unexpected element type ${String(e['type'])}`);
    }
  }

  block(path: string, b: unknown, blockIds: Set<string>): void {
    if (!isObject(b)) return this.fail(path, 'block is not an object');
    const blockId = b['block_id'];
    this.id(`${path}.block_id`, blockId, LIMITS.blockId);
    if (typeof blockId === 'string') {
      if (blockIds.has(blockId)) this.fail(path, `duplicate block_id ${blockId}`);
      blockIds.add(blockId);
    }
    switch (b['type']) {
      case 'header':
        return this.text(`${path}.text`, b['text'], LIMITS.headerText, 'plain_text');
      case 'divider':
        return;
      case 'section': {
        if (b['text'] === undefined && b['fields'] === undefined)
          return this.fail(path, 'section without text or fields');
        if (b['text'] !== undefined) this.text(`${path}.text`, b['text'], LIMITS.sectionText);
        const fields = b['fields'];
        if (fields !== undefined) {
          if (
            !Array.isArray(fields) ||
            fields.length === 0 ||
            fields.length > LIMITS.sectionFields
          ) {
            this.fail(`${path}.fields`, 'bad fields count');
          } else {
            fields.forEach((f: unknown, i) =>
              this.text(`${path}.fields[${i}]`, f, LIMITS.sectionFieldText),
            );
          }
        }
        if (b['accessory'] !== undefined)
          this.element(`${path}.accessory`, b['accessory'], new Set());
        return;
      }
      case 'context': {
        const elements = b['elements'];
        if (
          !Array.isArray(elements) ||
          elements.length === 0 ||
          elements.length > LIMITS.contextElements
        ) {
          return this.fail(path, 'bad context elements count');
        }
        elements.forEach((el: unknown, i) =>
          this.text(`${path}.elements[${i}]`, el, LIMITS.textObject),
        );
        return;
      }
      case 'actions': {
        const elements = b['elements'];
        if (
          !Array.isArray(elements) ||
          elements.length === 0 ||
          elements.length > LIMITS.actionsElements
        ) {
          return this.fail(path, 'bad actions elements count');
        }
        const ids = new Set<string>();
        elements.forEach((el: unknown, i) => this.element(`${path}.elements[${i}]`, el, ids));
        return;
      }
      default:
        this.fail(path, `unexpected block type ${String(b['type'])}`);
    }
  }

  blocks(blocks: unknown, max: number): void {
    if (!Array.isArray(blocks)) return this.fail('blocks', 'missing');
    if (blocks.length === 0) this.fail('blocks', 'empty');
    if (blocks.length > max) this.fail('blocks', `${blocks.length} blocks > ${max}`);
    const ids = new Set<string>();
    blocks.forEach((b: unknown, i) => this.block(`blocks[${i}]`, b, ids));
  }
}

/** Problems with a message (respond() body, chat.postMessage args); empty when Slack would accept it. */
export function messageProblems(message: unknown): string[] {
  const c = new Checker();
  if (!isObject(message)) return ['message is not an object'];
  const text = message['text'];
  if (typeof text !== 'string' || text.length === 0) c.fail('text', 'fallback text missing');
  else {
    c.max('text', text, LIMITS.fallbackText);
    if (UNSAFE_ANGLE.test(text)) c.fail('text', `unescaped "<" in fallback: ${text.slice(0, 80)}`);
  }
  if (message['blocks'] !== undefined) c.blocks(message['blocks'], LIMITS.messageBlocks);
  return c.problems;
}

/** Problems with a modal view (views.open / views.update `view`). */
export function modalProblems(view: unknown): string[] {
  const c = new Checker();
  if (!isObject(view)) return ['view is not an object'];
  if (view['type'] !== 'modal') c.fail('type', 'not a modal');
  c.text('title', view['title'], LIMITS.modalTitle, 'plain_text');
  if (view['close'] !== undefined) c.text('close', view['close'], LIMITS.modalButton, 'plain_text');
  if (view['submit'] !== undefined)
    c.text('submit', view['submit'], LIMITS.modalButton, 'plain_text');
  c.id('callback_id', view['callback_id'], LIMITS.callbackId);
  if (typeof view['private_metadata'] === 'string')
    c.max('private_metadata', view['private_metadata'], LIMITS.privateMetadata);
  c.blocks(view['blocks'], LIMITS.modalBlocks);
  return c.problems;
}

export function assertValidMessage(message: unknown): void {
  const problems = messageProblems(message);
  if (problems.length > 0) throw new Error(`Invalid Slack message:\n  ${problems.join('\n  ')}`);
}

export function assertValidModal(view: unknown): void {
  const problems = modalProblems(view);
  if (problems.length > 0) throw new Error(`Invalid Slack modal:\n  ${problems.join('\n  ')}`);
}
