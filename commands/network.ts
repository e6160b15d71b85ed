import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { all, eq, oneOf } from '../src/core/filter.js';

/** CIS CloudWatch.11–14: network ACLs, gateways, route tables and VPCs. */
export const NETWORK_EVENTS = [
  // 11. network ACLs
  'CreateNetworkAcl',
  'CreateNetworkAclEntry',
  'DeleteNetworkAcl',
  'DeleteNetworkAclEntry',
  'ReplaceNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
  // 12. gateways
  'CreateCustomerGateway',
  'DeleteCustomerGateway',
  'AttachInternetGateway',
  'CreateInternetGateway',
  'DeleteInternetGateway',
  'DetachInternetGateway',
  // 13. route tables
  'CreateRoute',
  'CreateRouteTable',
  'ReplaceRoute',
  'ReplaceRouteTableAssociation',
  'DeleteRouteTable',
  'DeleteRoute',
  'DisassociateRouteTable',
  // 14. VPCs
  'CreateVpc',
  'DeleteVpc',
  'ModifyVpcAttribute',
  'AcceptVpcPeeringConnection',
  'CreateVpcPeeringConnection',
  'DeleteVpcPeeringConnection',
  'RejectVpcPeeringConnection',
  'AttachClassicLinkVpc',
  'DetachClassicLinkVpc',
  'DisableVpcClassicLink',
  'EnableVpcClassicLink',
];

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
