import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { NETWORK_EVENTS } from '../src/core/event-sets.js';
import { all, eq, oneOf } from '../src/core/filter.js';

export const network: CommandSpec = {
  intent: 'network',
  title: 'Network changes',
  description: 'VPCs, peering, route tables, network ACLs and internet/customer gateways.',
  patterns: [
    /(?:vpcs?|network|networking|nacls?|network acls?|route tables?|routing|routes|gateways?|internet gateways?|peering) (?:changes|changed|modifications|updates)/,
    /(?:changes|modifications) (?:to|of|on) (?:the )?(?:vpcs?|network|nacls?|network acls?|route tables?|routing|gateways?)/,
  ],
  defaultHours: DEFAULT_HOURS.category,
  filter: () => all(eq('eventSource', 'ec2.amazonaws.com'), oneOf('eventName', NETWORK_EVENTS)),
  examples: ['vpc changes', 'network changes this week', 'route table changes in us-east-1'],
};
