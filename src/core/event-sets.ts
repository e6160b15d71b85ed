/**
 * The CloudTrail event names each security question and alert rule watches, defined once: the
 * questions (commands/), the alert rules (src/alerts/rules.ts) and the CIS metric filters
 * (src/alerts/cis.ts) all read them from here, so "IAM changes" means the same calls whether
 * someone asks for them or an alert fires on them.
 *
 * The `CIS_*` sets follow the CIS AWS Foundations metric filters (Security Hub controls
 * CloudWatch.4–14) literally, so an alarm on one of them is explained by exactly the events it
 * counts; the wider sets add the calls those filters predate.
 */

/** CIS CloudWatch.4: IAM policy changes. */
export const CIS_IAM_POLICY_EVENTS = [
  'DeleteGroupPolicy',
  'DeleteRolePolicy',
  'DeleteUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'PutUserPolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
];

/** CIS CloudWatch.4 plus users, access keys, passwords, groups and roles. */
export const IAM_EVENTS = [
  ...CIS_IAM_POLICY_EVENTS,
  // identities and their credentials
  'CreateUser',
  'DeleteUser',
  'CreateAccessKey',
  'DeleteAccessKey',
  'UpdateAccessKey',
  'CreateLoginProfile',
  'UpdateLoginProfile',
  'AddUserToGroup',
  'RemoveUserFromGroup',
  'CreateRole',
  'DeleteRole',
  'UpdateAssumeRolePolicy',
];

/** CIS CloudWatch.5: CloudTrail configuration changes. */
export const CIS_TRAIL_EVENTS = [
  'CreateTrail',
  'UpdateTrail',
  'DeleteTrail',
  'StartLogging',
  'StopLogging',
];

/** CIS CloudWatch.5 plus event/insight selector edits, which can silently stop logging too. */
export const TRAIL_EVENTS = [...CIS_TRAIL_EVENTS, 'PutEventSelectors', 'PutInsightSelectors'];

/** CIS CloudWatch.7: customer managed keys disabled or scheduled for deletion. */
export const KMS_KEY_DELETION_EVENTS = ['DisableKey', 'ScheduleKeyDeletion'];

/** CIS CloudWatch.8: S3 bucket policy changes. */
export const CIS_S3_POLICY_EVENTS = [
  'PutBucketAcl',
  'PutBucketPolicy',
  'PutBucketCors',
  'PutBucketLifecycle',
  'PutBucketReplication',
  'DeleteBucketPolicy',
  'DeleteBucketCors',
  'DeleteBucketLifecycle',
  'DeleteBucketReplication',
];

/**
 * CIS CloudWatch.8 plus bucket-level public access blocks. The account-level
 * Put/DeletePublicAccessBlock (s3-control) is not a bucket policy change.
 */
export const BUCKET_POLICY_EVENTS = [
  ...CIS_S3_POLICY_EVENTS,
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
];

/** CIS CloudWatch.10: security group changes. */
export const CIS_SECURITY_GROUP_EVENTS = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
];

/** CIS CloudWatch.10 plus the newer rule-level call (the console's rule editor uses it). */
export const SECURITY_GROUP_RULE_EVENTS = [
  ...CIS_SECURITY_GROUP_EVENTS,
  'ModifySecurityGroupRules',
];

/** {@link SECURITY_GROUP_RULE_EVENTS} plus rule description edits. */
export const SECURITY_GROUP_EVENTS = [
  ...SECURITY_GROUP_RULE_EVENTS,
  'UpdateSecurityGroupRuleDescriptionsIngress',
  'UpdateSecurityGroupRuleDescriptionsEgress',
];

/** CIS CloudWatch.11: network ACL changes. */
export const NACL_EVENTS = [
  'CreateNetworkAcl',
  'CreateNetworkAclEntry',
  'DeleteNetworkAcl',
  'DeleteNetworkAclEntry',
  'ReplaceNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
];

/** CIS CloudWatch.12: network gateway changes. */
export const GATEWAY_EVENTS = [
  'CreateCustomerGateway',
  'DeleteCustomerGateway',
  'AttachInternetGateway',
  'CreateInternetGateway',
  'DeleteInternetGateway',
  'DetachInternetGateway',
];

/** CIS CloudWatch.13: route table changes. */
export const ROUTE_EVENTS = [
  'CreateRoute',
  'CreateRouteTable',
  'ReplaceRoute',
  'ReplaceRouteTableAssociation',
  'DeleteRouteTable',
  'DeleteRoute',
  'DisassociateRouteTable',
];

/** CIS CloudWatch.14: VPC changes. */
export const VPC_EVENTS = [
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

/** CIS CloudWatch.11–14 together: network ACLs, gateways, route tables and VPCs. */
export const NETWORK_EVENTS = [...NACL_EVENTS, ...GATEWAY_EVENTS, ...ROUTE_EVENTS, ...VPC_EVENTS];

/** EC2 instances launched, started, stopped, rebooted, terminated or reconfigured. */
export const INSTANCE_EVENTS = [
  'RunInstances',
  'StartInstances',
  'StopInstances',
  'RebootInstances',
  'TerminateInstances',
  'ModifyInstanceAttribute',
  'ModifyInstanceMetadataOptions',
  'AssociateIamInstanceProfile',
  'ReplaceIamInstanceProfileAssociation',
];
