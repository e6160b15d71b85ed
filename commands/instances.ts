import { DEFAULT_HOURS } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { INSTANCE_EVENTS } from '../src/core/event-sets.js';
import { all, eq, oneOf } from '../src/core/filter.js';

export const instances: CommandSpec = {
  intent: 'instances',
  title: 'EC2 instance changes',
  description: 'Instances launched, started, stopped, rebooted, terminated or reconfigured.',
  patterns: [
    /(?:ec2 )?instances? (?:changes|changed|actions|activity|launches|terminations|modifications|events)/,
    /ec2 changes/,
    /(?:launched|started|stopped|terminated|rebooted) instances/,
  ],
  defaultHours: DEFAULT_HOURS.category,
  filter: () => all(eq('eventSource', 'ec2.amazonaws.com'), oneOf('eventName', INSTANCE_EVENTS)),
  examples: [
    'ec2 instance changes',
    'instance actions yesterday',
    'terminated instances in us-west-2',
  ],
};
