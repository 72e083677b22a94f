/**
 * Deployed stacks and Step Functions executions as the AWS APIs describe them, for aws-sdk-client-mock
 * tests of the operate commands. Histories follow the shape of real `ecs:runTask.sync` runs (FIELD_NOTES
 * §3): TaskScheduled (resource type `ecs`, resource `runTask.sync`, the RunTask parameters), TaskStarted,
 * TaskSubmitted (the RunTask answer), then TaskSucceeded (the stopped task) or TaskFailed (the stopped task
 * as the cause); events link to each other with previousEventId. State names are deliberately not ours:
 * the commands must not depend on them.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../../src/json';
import { OUTPUT_DIR } from './fixtures';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-central-1';
export const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/batch`;
export const TASK_DEFINITION_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/app:7`;

export function expandedTemplate(name: string): JsonObject {
  return JSON.parse(readFileSync(join(OUTPUT_DIR, `${name}.json`), 'utf8')) as JsonObject;
}

export function stateMachineArn(stack: string, id: string): string {
  return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${id}-${stack}AbCdEf`;
}

/** What ListStackResources returns for a template deployed as stack `stack`: a physical ID per resource. */
export function stackResources(stack: string, template: JsonObject): StackResourceSummary[] {
  const resources = template['Resources'] as Record<string, { Type: string }>;
  return Object.entries(resources).map(([id, r]) => ({
    LogicalResourceId: id,
    ResourceType: r.Type,
    PhysicalResourceId: r.Type === 'AWS::StepFunctions::StateMachine' ? stateMachineArn(stack, id) : `${stack}-${id}-1A2B3C4D5E6F`,
    ResourceStatus: 'CREATE_COMPLETE',
    LastUpdatedTimestamp: new Date('2027-01-01T00:00:00Z'),
  }));
}

export interface TaskSpec {
  readonly exitCode?: number;
  /** A task that never ran its command: StopCode and StoppedReason, no exit code. */
  readonly failedToStart?: string;
  readonly timedOut?: boolean;
  /** Still running (no stop event yet). */
  readonly running?: boolean;
  readonly container?: string;
}

export interface ExecutionSpec {
  readonly machine: string;
  readonly name: string;
  readonly input: JsonObject;
  readonly start: string;
  readonly seconds?: number;
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'RUNNING';
  readonly output?: JsonObject;
  readonly error?: string;
  readonly cause?: string;
  readonly tasks?: readonly TaskSpec[];
}

export function executionArn(spec: Pick<ExecutionSpec, 'machine' | 'name'>): string {
  return spec.machine.replace(':stateMachine:', ':execution:') + `:${spec.name}`;
}

/** DescribeExecution's answer. */
export function described(spec: ExecutionSpec) {
  const start = new Date(spec.start);
  return {
    executionArn: executionArn(spec),
    stateMachineArn: spec.machine,
    name: spec.name,
    status: spec.status,
    startDate: start,
    ...(spec.status === 'RUNNING' ? {} : { stopDate: new Date(start.getTime() + (spec.seconds ?? 60) * 1000) }),
    input: JSON.stringify(spec.input),
    ...(spec.output === undefined ? {} : { output: JSON.stringify(spec.output) }),
    ...(spec.error === undefined ? {} : { error: spec.error }),
    ...(spec.cause === undefined ? {} : { cause: spec.cause }),
  };
}

/** ListExecutions' item. */
export function listed(spec: ExecutionSpec) {
  const d = described(spec);
  return { executionArn: d.executionArn, stateMachineArn: d.stateMachineArn, name: d.name, status: d.status, startDate: d.startDate, ...(d.stopDate === undefined ? {} : { stopDate: d.stopDate }) };
}

function stoppedTask(taskArn: string, container: string, spec: TaskSpec): JsonObject {
  return {
    TaskArn: taskArn,
    ClusterArn: CLUSTER_ARN,
    TaskDefinitionArn: TASK_DEFINITION_ARN,
    LastStatus: 'STOPPED',
    StartedBy: 'AWS Step Functions',
    StopCode: spec.failedToStart === undefined ? 'EssentialContainerExited' : 'TaskFailedToStart',
    StoppedReason: spec.failedToStart ?? 'Essential container in task exited',
    Containers: [
      { Name: container, LastStatus: 'STOPPED', ...(spec.failedToStart === undefined ? { ExitCode: spec.exitCode ?? 0 } : { Reason: spec.failedToStart }) },
      // A sidecar that exits 0 must not be taken for the command.
      { Name: 'log-router', LastStatus: 'STOPPED', ExitCode: 0 },
    ],
  };
}

/** GetExecutionHistory's events (oldest first). */
export function history(spec: ExecutionSpec): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const start = new Date(spec.start).getTime();
  const add = (type: string, details: Record<string, unknown> = {}, previous = events.length): number => {
    const id = events.length + 1;
    events.push({ id, previousEventId: previous, type: type as HistoryEvent['type'], timestamp: new Date(start + id * 1000), ...details });
    return id;
  };
  add('ExecutionStarted', { executionStartedEventDetails: { input: JSON.stringify(spec.input) } }, 0);
  const commands = (spec.input['steps'] as Array<{ commands: string[] }> | undefined)?.map((s) => s.commands) ?? [spec.input['commands'] as string[]];
  (spec.tasks ?? []).forEach((task, i) => {
    const container = task.container ?? 'app';
    const taskArn = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/batch/${spec.name.replace(/[^a-z0-9]/gi, '').slice(-8)}${String(i + 1).padStart(24, '0')}`;
    add('TaskStateEntered', { stateEnteredEventDetails: { name: `Step ${i + 1}`, input: '{}' } });
    const ecs = { resourceType: 'ecs', resource: 'runTask.sync' };
    const scheduled = add('TaskScheduled', {
      taskScheduledEventDetails: { ...ecs, region: REGION, parameters: JSON.stringify({ Cluster: CLUSTER_ARN, TaskDefinition: TASK_DEFINITION_ARN, Overrides: { ContainerOverrides: [{ Name: container, Command: commands[i] ?? commands[0] }] } }) },
    });
    const started = add('TaskStarted', { taskStartedEventDetails: ecs }, scheduled);
    const submitted = add('TaskSubmitted', { taskSubmittedEventDetails: { ...ecs, output: JSON.stringify({ Tasks: [{ TaskArn: taskArn, ClusterArn: CLUSTER_ARN, TaskDefinitionArn: TASK_DEFINITION_ARN, LastStatus: 'PROVISIONING' }], Failures: [] }) } }, started);
    if (task.running === true) return;
    if (task.timedOut === true) {
      add('TaskTimedOut', { taskTimedOutEventDetails: { ...ecs, error: 'States.Timeout', cause: '' } }, submitted);
    } else if (task.failedToStart !== undefined || (task.exitCode ?? 0) !== 0) {
      add('TaskFailed', { taskFailedEventDetails: { ...ecs, error: 'States.TaskFailed', cause: JSON.stringify(stoppedTask(taskArn, container, task)) } }, submitted);
      // What a failed run does next: it lists the tasks it still has running (an aws-sdk integration).
      const list = add('TaskScheduled', { taskScheduledEventDetails: { resourceType: 'aws-sdk:ecs', resource: 'listTasks', region: REGION, parameters: '{}' } });
      add('TaskSucceeded', { taskSucceededEventDetails: { resourceType: 'aws-sdk:ecs', resource: 'listTasks', output: '{"TaskArns":[]}' } }, list);
    } else {
      add('TaskSucceeded', { taskSucceededEventDetails: { ...ecs, output: JSON.stringify(stoppedTask(taskArn, container, task)) } }, submitted);
    }
  });
  if (spec.status === 'SUCCEEDED') add('ExecutionSucceeded', { executionSucceededEventDetails: { output: JSON.stringify(spec.output ?? {}) } });
  if (spec.status === 'FAILED') add('ExecutionFailed', { executionFailedEventDetails: { error: spec.error, cause: spec.cause } });
  return events;
}
