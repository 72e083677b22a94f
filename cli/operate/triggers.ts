/**
 * The deployed rules and schedules themselves: their live state and expression (DescribeRule, GetSchedule:
 * someone may have disabled one by hand), and the execution input their target sends (ListTargetsByRule,
 * GetSchedule), which `run` reuses as it is rather than recomputing it from the template.
 */
import type { DeployedSchedule, LiveTrigger } from '../../preview/operate/stack';
import { call, type AwsOptions } from '../aws';
import { clientConfig } from '../aws';
import { mapLimited } from './executions';
import { OperateError } from './common';

/** A rule's physical ID is its name, or `bus|name` for a rule on another event bus. */
function ruleName(physicalId: string): { Name: string; EventBusName?: string } {
  const bar = physicalId.indexOf('|');
  return bar < 0 ? { Name: physicalId } : { EventBusName: physicalId.slice(0, bar), Name: physicalId.slice(bar + 1) };
}

/** EventBridge Scheduler schedules the macro creates live in the account's `default` group. */
const SCHEDULE_GROUP = 'default';

/** The state of a rule or schedule the stack lists but that no longer exists (deleted outside CloudFormation). */
export const MISSING = 'MISSING (deleted outside CloudFormation)';

/** An answer, or undefined when the rule or schedule does not exist. */
async function orMissing<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

export async function liveTriggers(schedules: readonly DeployedSchedule[], options: AwsOptions, command: string): Promise<Map<string, LiveTrigger>> {
  const live = new Map<string, LiveTrigger>();
  const rules = schedules.filter((s) => s.trigger === 'EventBridgeRule' && s.triggerPhysicalId !== undefined);
  const timed = schedules.filter((s) => s.trigger === 'EventBridgeScheduler' && s.triggerPhysicalId !== undefined);
  if (rules.length > 0) {
    const { EventBridgeClient, DescribeRuleCommand } = await import('@aws-sdk/client-eventbridge');
    const client = new EventBridgeClient(clientConfig(options));
    try {
      await mapLimited(rules, async (s) => {
        const answer = await call(`describe rule ${s.triggerPhysicalId ?? ''}`, { command, permission: 'events:DescribeRule on the rule' }, () => orMissing(client.send(new DescribeRuleCommand(ruleName(s.triggerPhysicalId ?? '')))));
        if (answer === undefined) return live.set(s.triggerLogicalId, { state: MISSING });
        live.set(s.triggerLogicalId, { ...(answer.State === undefined ? {} : { state: answer.State }), ...(answer.ScheduleExpression === undefined ? {} : { expression: answer.ScheduleExpression }) });
      });
    } finally {
      client.destroy();
    }
  }
  if (timed.length > 0) {
    const { SchedulerClient, GetScheduleCommand } = await import('@aws-sdk/client-scheduler');
    const client = new SchedulerClient(clientConfig(options));
    try {
      await mapLimited(timed, async (s) => {
        const answer = await call(`read schedule ${s.triggerPhysicalId ?? ''}`, { command, permission: 'scheduler:GetSchedule on the schedule' }, () => orMissing(client.send(new GetScheduleCommand({ Name: s.triggerPhysicalId, GroupName: SCHEDULE_GROUP }))));
        if (answer === undefined) return live.set(s.triggerLogicalId, { state: MISSING });
        live.set(s.triggerLogicalId, { ...(answer.State === undefined ? {} : { state: answer.State }), ...(answer.ScheduleExpression === undefined ? {} : { expression: answer.ScheduleExpression }) });
      });
    } finally {
      client.destroy();
    }
  }
  return live;
}

/** The `Input` the deployed rule's or schedule's target sends to the state machine. */
export async function triggerInput(schedule: DeployedSchedule, stateMachineArn: string, options: AwsOptions, command: string): Promise<string> {
  const physical = schedule.triggerPhysicalId;
  const label = `${schedule.resource}.${schedule.schedule}`;
  if (physical === undefined) throw new OperateError(`the ${schedule.trigger === 'EventBridgeRule' ? 'rule' : 'schedule'} ${schedule.triggerLogicalId} of ${label} is not among the stack's resources: cannot read the input it sends`);
  if (schedule.trigger === 'EventBridgeRule') {
    const { EventBridgeClient, ListTargetsByRuleCommand } = await import('@aws-sdk/client-eventbridge');
    const client = new EventBridgeClient(clientConfig(options));
    try {
      const bare = ruleName(physical);
      let token: string | undefined;
      do {
        const page = await call(`list the targets of rule ${physical}`, { command, permission: 'events:ListTargetsByRule on the rule' }, () => client.send(new ListTargetsByRuleCommand({ Rule: bare.Name, ...(bare.EventBusName === undefined ? {} : { EventBusName: bare.EventBusName }), NextToken: token })));
        const target = (page.Targets ?? []).find((t) => t.Arn === stateMachineArn);
        if (target !== undefined) {
          if (target.Input === undefined) throw new OperateError(`the target of rule ${physical} sends no fixed Input; cannot tell what ${label} runs`);
          return target.Input;
        }
        token = page.NextToken;
      } while (token !== undefined && token !== '');
      throw new OperateError(`rule ${physical} of ${label} has no target that starts ${stateMachineArn}`);
    } finally {
      client.destroy();
    }
  }
  const { SchedulerClient, GetScheduleCommand } = await import('@aws-sdk/client-scheduler');
  const client = new SchedulerClient(clientConfig(options));
  try {
    const answer = await call(`read schedule ${physical}`, { command, permission: 'scheduler:GetSchedule on the schedule' }, () => client.send(new GetScheduleCommand({ Name: physical, GroupName: SCHEDULE_GROUP })));
    const input = answer.Target?.Input;
    if (input === undefined) throw new OperateError(`schedule ${physical} of ${label} sends no Input; cannot tell what it runs`);
    return input;
  } finally {
    client.destroy();
  }
}
