/**
 * The alert buttons, as plain functions of (action id, click, deps) so they run the same under
 * Bolt, in tests and anywhere else. Each posts its result in the thread; Acknowledge and
 * Resolve also rewrite the parent's status line (who, when).
 *
 * Bolt wiring (src/slack registers every id in ALERT_ACTION_IDS):
 *   app.action(id, async ({ ack, body }) => {
 *     await ack();
 *     const click = alertClickFrom(body);
 *     if (click) await handleAlertAction(click.actionId, click, deps);
 *   });
 */
import { randomUUID } from 'node:crypto';
import {
  ALERT_ACTION,
  isAlertActionId,
  type AlertActionId,
} from '../../blocks/alert-action-ids.js';
import {
  investigationMessage,
  mention,
  muteProposalMessage,
  noteMessage,
  rawMessage,
  statusMessage,
} from '../../blocks/alert.js';
import { literal } from '../../blocks/mrkdwn.js';
import type { SlackMessage } from '../../blocks/slack-types.js';
import { isJsonObject } from '../core/fields.js';
import { formatTime } from '../core/time-format.js';
import { DAY_MS, investigate } from './investigate.js';
import type { ThreadStatus } from './status.js';
import { parentFor, setStatus, type AlertDeps } from './threads.js';

export interface AlertClick {
  actionId: AlertActionId;
  /** The clicking Slack user id. */
  userId: string;
  /** The button's value: a thread key, or an encoded mute proposal for `muteConfirm`. */
  value: string;
}

export type AlertActionResult =
  | { ok: true }
  /** The click could not be honoured; `message` is for the clicker (ephemeral). */
  | { ok: false; message: string };

/** How long "Mark expected" proposes to mute for. */
export const MUTE_DAYS = 7;

interface MuteProposal {
  k: string;
  r: string;
  a: string;
  d: number;
}

/** Reads the click out of a Bolt `block_actions` body; undefined for anything else. */
export function alertClickFrom(body: unknown): AlertClick | undefined {
  if (!isJsonObject(body) || !isJsonObject(body.user) || !Array.isArray(body.actions))
    return undefined;
  const action: unknown = body.actions[0];
  if (!isJsonObject(action)) return undefined;
  const { action_id: actionId, value } = action;
  const userId = body.user.id;
  if (typeof actionId !== 'string' || !isAlertActionId(actionId)) return undefined;
  if (typeof value !== 'string' || typeof userId !== 'string') return undefined;
  return { actionId, userId, value };
}

function decodeProposal(value: string): MuteProposal | undefined {
  try {
    const p = JSON.parse(value) as Partial<MuteProposal>;
    if (
      typeof p.k === 'string' &&
      typeof p.r === 'string' &&
      typeof p.a === 'string' &&
      typeof p.d === 'number' &&
      p.d > 0 &&
      p.d <= 90
    ) {
      return { k: p.k, r: p.r, a: p.a, d: p.d };
    }
  } catch {
    // Not ours.
  }
  return undefined;
}

const GONE: AlertActionResult = {
  ok: false,
  message: 'This alert is no longer tracked (its state expired), so the button cannot act on it.',
};

export async function handleAlertAction(
  actionId: AlertActionId,
  click: Omit<AlertClick, 'actionId'>,
  deps: AlertDeps,
): Promise<AlertActionResult> {
  const now = deps.now?.() ?? Date.now();
  const proposal = actionId === ALERT_ACTION.muteConfirm ? decodeProposal(click.value) : undefined;
  if (actionId === ALERT_ACTION.muteConfirm && proposal === undefined) {
    return { ok: false, message: 'That mute proposal could not be read.' };
  }
  const threadKey = proposal?.k ?? click.value;
  const thread = await deps.store.getThread(threadKey);
  if (thread?.ts === undefined) return GONE;
  const reply = (message: SlackMessage) =>
    deps.chat.postMessage({ channel: thread.channel, threadTs: thread.ts, ...message });
  const { view } = parentFor(thread, deps);

  switch (actionId) {
    case ALERT_ACTION.acknowledge:
    case ALERT_ACTION.resolve: {
      const status: ThreadStatus = {
        state: actionId === ALERT_ACTION.resolve ? 'resolved' : 'acknowledged',
        by: click.userId,
        atMs: now,
      };
      await setStatus(threadKey, status, deps);
      await reply(statusMessage(status, deps.config.timeZone));
      return { ok: true };
    }
    case ALERT_ACTION.investigate: {
      const results = await investigate(view.investigation, deps.runQuestion);
      await reply(
        investigationMessage(
          results,
          deps.config.timeZone,
          `:mag: Investigation requested by ${mention(click.userId)}`,
        ),
      );
      return { ok: true };
    }
    case ALERT_ACTION.rawEvent:
      await reply(rawMessage(view));
      return { ok: true };
    case ALERT_ACTION.markExpected: {
      const p: MuteProposal = {
        k: threadKey,
        r: view.rule,
        a: view.muteActor ?? '*',
        d: MUTE_DAYS,
      };
      await reply(
        muteProposalMessage({ rule: p.r, actor: p.a, days: p.d, value: JSON.stringify(p) }),
      );
      return { ok: true };
    }
    case ALERT_ACTION.muteConfirm:
      return confirmMute(proposal as MuteProposal, click.userId, now, deps, reply);
  }
}

async function confirmMute(
  p: MuteProposal,
  userId: string,
  now: number,
  deps: AlertDeps,
  reply: (m: SlackMessage) => Promise<unknown>,
): Promise<AlertActionResult> {
  const expiresAtMs = now + p.d * DAY_MS;
  await deps.store.addMute({
    id: randomUUID(),
    rule: p.r,
    actor: p.a,
    expiresAtMs,
    createdBy: userId,
  });
  await reply(
    noteMessage(
      `:zzz: ${mention(userId)} muted ${literal(p.r, 200)} alerts from ${literal(p.a, 400)} until ${formatTime(expiresAtMs, deps.config.timeZone)}`,
    ),
  );
  return { ok: true };
}
