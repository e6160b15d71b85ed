/**
 * The follow-up questions offered on an event, written as question text so that they run (and
 * page, and export) exactly like typed ones: "what did <actor> do between <t−1h> and <t+1h>",
 * "who changed <resource>", "activity from <ip> between <t−24h> and <t+24h>".
 */
import type { FollowUpChoice } from '../../blocks/action-ids.js';
import { parseIpOrCidr } from '../core/ip.js';
import { isArnShaped } from '../core/resource-values.js';
import type { TrailEvent } from '../core/trail-event.js';

const HOUR = 60 * 60 * 1000;

/** Parameters that name the thing a call changed, most specific first. */
const RESOURCE_KEYS = [
  'groupId',
  'instanceId',
  'bucketName',
  'roleName',
  'userName',
  'policyArn',
  'keyId',
  'trailName',
  'name',
  'vpcId',
  'subnetId',
  'routeTableId',
  'networkAclId',
  'internetGatewayId',
  'functionName',
  'dBInstanceIdentifier',
  'secretId',
];

/** `2026-11-26T10:15:30Z`, the date-time form the window parser reads. */
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The most precise identity the identity match accepts: the ARN, else a name or key id. */
export function actorKey(event: TrailEvent): string | undefined {
  const a = event.actor;
  return a.arn ?? a.userName ?? a.accessKeyId ?? a.principalId;
}

/** What the event acted on: an ARN from resources[], else a well-known request parameter. */
export function resourceKey(event: TrailEvent): string | undefined {
  const arn = event.resources.find((r) => r.arn !== undefined && isArnShaped(r.arn))?.arn;
  if (arn !== undefined) return arn;
  const params = event.raw['requestParameters'];
  if (typeof params !== 'object' || params === null) return undefined;
  for (const key of RESOURCE_KEYS) {
    const v = (params as Record<string, unknown>)[key];
    if (typeof v === 'string' && v !== '' && !/\s/.test(v)) return v;
  }
  return undefined;
}

/**
 * The follow-up question for a menu choice, or a reason it cannot be asked.
 * Example: choice `actor` on alice's event at 10:15Z → `what did arn:…/alice do between
 * 2026-11-26T09:15:30Z and 2026-11-26T11:15:30Z`.
 */
export function followUpQuestion(
  choice: FollowUpChoice,
  event: TrailEvent,
): { ok: true; text: string } | { ok: false; reason: string } {
  const t = event.eventTimeMs;
  switch (choice) {
    case 'actor': {
      const who = actorKey(event);
      if (who === undefined || /\s/.test(who))
        return { ok: false, reason: 'the event names no actor to follow' };
      return { ok: true, text: `what did ${who} do between ${iso(t - HOUR)} and ${iso(t + HOUR)}` };
    }
    case 'resource': {
      const what = resourceKey(event);
      if (what === undefined) return { ok: false, reason: 'the event names no resource to follow' };
      return { ok: true, text: `who changed ${what}` };
    }
    case 'ip': {
      const ip = event.sourceIPAddress;
      if (ip === undefined || !parseIpOrCidr(ip).ok || ip.includes('/')) {
        return { ok: false, reason: 'the event came from an AWS service, not an IP address' };
      }
      return {
        ok: true,
        text: `activity from ${ip} between ${iso(t - 24 * HOUR)} and ${iso(t + 24 * HOUR)}`,
      };
    }
  }
}
