/**
 * The schedules of a deployed stack, found from its processed template (the macro's output, or a template
 * deployed already expanded) and its stack resources. Pure: the CLI fetches both and passes them in.
 *
 * A schedule is recognised by the public logical-ID contract (docs/generated-resources.md): an `AWS::Events::Rule` `<Id><Schedule>Rule` or an `AWS::Scheduler::Schedule`
 * `<Id><Schedule>Schedule` whose target is `{"Ref": "<Id>"}`, an `AWS::StepFunctions::StateMachine`. Nothing
 * is read from the state machine's definition, so a change of its states does not matter here.
 */
import { isObject, type Json, type JsonObject } from '../../src/json';
import { SHORTHAND_TYPE } from '../../src/schema';
import { RATE_UNITS, type Trigger } from '../nextRuns';

/** What ListStackResources / DescribeStackResources say about one resource. */
export interface StackResourceLike {
  readonly LogicalResourceId?: string | undefined;
  readonly PhysicalResourceId?: string | undefined;
  readonly ResourceType?: string | undefined;
}

export interface DeployedSchedule {
  /** The shorthand's logical ID (= the state machine's). */
  readonly resource: string;
  readonly schedule: string;
  readonly trigger: Trigger;
  /** `<Id><Schedule>Rule` or `<Id><Schedule>Schedule`. */
  readonly triggerLogicalId: string;
  /** The rule's or schedule's name (`bus|name` for a rule on another event bus), when it exists. */
  readonly triggerPhysicalId?: string;
  /** The trigger's properties in the processed template (expression, time zone, state, dates). */
  readonly properties: JsonObject;
}

/** An alarm the macro generated for a shorthand (`<Id>ExecutionsAlarm`, `<Id>DeadLetterAlarm`) or one schedule (`<Id><Schedule>NoSuccessAlarm`). */
export interface DeployedAlarm {
  readonly kind: 'executions' | 'deadLetters' | 'noSuccess';
  /** For `noSuccess`: the schedule it watches. */
  readonly schedule?: string;
  readonly logicalId: string;
  /** The alarm's name (its physical ID), when the stack has it. */
  readonly name?: string;
}

export interface DeployedShorthand {
  readonly resource: string;
  /** The state machine's ARN, when the stack has it. */
  readonly stateMachineArn?: string;
  readonly schedules: readonly DeployedSchedule[];
  readonly alarms: readonly DeployedAlarm[];
}

/** The generated alarms of shorthand `id` among the template's resources, by their logical IDs. */
function alarmsOf(id: string, schedules: readonly DeployedSchedule[], resources: JsonObject, physical: ReadonlyMap<string, string>): DeployedAlarm[] {
  const candidates: Array<Omit<DeployedAlarm, 'name'>> = [
    { kind: 'executions', logicalId: `${id}ExecutionsAlarm` },
    { kind: 'deadLetters', logicalId: `${id}DeadLetterAlarm` },
    ...schedules.map((s) => ({ kind: 'noSuccess' as const, schedule: s.schedule, logicalId: `${id}${s.schedule}NoSuccessAlarm` })),
  ];
  return candidates
    .filter((a) => isObject(resources[a.logicalId]) && (resources[a.logicalId] as JsonObject)['Type'] === 'AWS::CloudWatch::Alarm')
    .map((a) => {
      const name = physical.get(a.logicalId);
      return name === undefined ? a : { ...a, name };
    });
}

const TRIGGERS: ReadonlyArray<{ readonly type: string; readonly suffix: string; readonly trigger: Trigger }> = [
  { type: 'AWS::Events::Rule', suffix: 'Rule', trigger: 'EventBridgeRule' },
  { type: 'AWS::Scheduler::Schedule', suffix: 'Schedule', trigger: 'EventBridgeScheduler' },
];

/** Every shorthand of the stack with its schedules, in template order. */
export function deployedShorthands(template: JsonObject, stackResources: readonly StackResourceLike[]): DeployedShorthand[] {
  const resources = isObject(template['Resources']) ? template['Resources'] : {};
  const physical = new Map<string, string>();
  for (const r of stackResources) if (r.LogicalResourceId !== undefined && r.PhysicalResourceId !== undefined && r.PhysicalResourceId !== '') physical.set(r.LogicalResourceId, r.PhysicalResourceId);
  const byMachine = new Map<string, DeployedSchedule[]>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || !isObject(resource['Properties'])) continue;
    const kind = TRIGGERS.find((t) => t.type === resource['Type']);
    if (kind === undefined || !logicalId.endsWith(kind.suffix)) continue;
    const props = resource['Properties'];
    const machine = targetRef(kind.trigger === 'EventBridgeRule' ? props['Targets'] : props['Target']);
    if (machine === undefined || !isObject(resources[machine]) || resources[machine]['Type'] !== 'AWS::StepFunctions::StateMachine') continue;
    const schedule = logicalId.slice(machine.length, -kind.suffix.length);
    if (!logicalId.startsWith(machine) || !/^[A-Za-z0-9]+$/.test(schedule)) continue;
    const found = physical.get(logicalId);
    const list = byMachine.get(machine) ?? [];
    list.push({ resource: machine, schedule, trigger: kind.trigger, triggerLogicalId: logicalId, ...(found === undefined ? {} : { triggerPhysicalId: found }), properties: props });
    byMachine.set(machine, list);
  }
  return Object.keys(resources)
    .filter((id) => byMachine.has(id))
    .map((id) => {
      const arn = physical.get(id);
      const schedules = byMachine.get(id) ?? [];
      return { resource: id, ...(arn === undefined ? {} : { stateMachineArn: arn }), schedules, alarms: alarmsOf(id, schedules, resources, physical) };
    });
}

/** The logical ID a rule's (first matching) or a schedule's target refers to with `Ref`. */
function targetRef(targets: Json | undefined): string | undefined {
  const list = Array.isArray(targets) ? targets : [targets];
  for (const target of list) {
    if (isObject(target) && isObject(target['Arn']) && typeof target['Arn']['Ref'] === 'string') return target['Arn']['Ref'];
  }
  return undefined;
}

/**
 * The schedules in the shape `nextRuns` reads (a shorthand's raw properties), so that `status` shows next
 * fire times with the same code as `next-runs`. Values come from the deployed trigger.
 */
export function asShorthandTemplate(shorthands: readonly DeployedShorthand[], live: ReadonlyMap<string, LiveTrigger> = new Map()): JsonObject {
  const resources: Record<string, Json> = {};
  for (const s of shorthands) {
    const first = s.schedules[0];
    const schedules: Record<string, Json> = {};
    for (const d of s.schedules) {
      const p = d.properties;
      const state = live.get(d.triggerLogicalId)?.state ?? p['State'];
      const expression = live.get(d.triggerLogicalId)?.expression ?? p['ScheduleExpression'];
      schedules[d.schedule] = {
        ...(expression === undefined ? {} : { ScheduleExpression: expression }),
        ...(p['ScheduleExpressionTimezone'] === undefined ? {} : { Timezone: p['ScheduleExpressionTimezone'] }),
        ...(p['StartDate'] === undefined ? {} : { StartDate: p['StartDate'] }),
        ...(p['EndDate'] === undefined ? {} : { EndDate: p['EndDate'] }),
        ...(state === undefined ? {} : { State: state }),
      };
    }
    resources[s.resource] = { Type: SHORTHAND_TYPE, Properties: { Trigger: first?.trigger ?? 'EventBridgeRule', Schedules: schedules } };
  }
  return { Resources: resources };
}

/** What the live rule or schedule says (DescribeRule / GetSchedule), which wins over the template. */
export interface LiveTrigger {
  readonly state?: string;
  readonly expression?: string;
}

/** `Resource.Schedule` → the schedule, or a message that says what exists. */
export function findSchedule(shorthands: readonly DeployedShorthand[], target: string, stack: string): DeployedSchedule | string {
  const [resource, schedule] = target.split('.');
  const shorthand = shorthands.find((s) => s.resource === resource);
  if (shorthand === undefined) {
    const names = shorthands.map((s) => s.resource);
    return `stack "${stack}" has no EcsBatchScheduler resource named ${resource ?? ''}${names.length === 0 ? ' (it has none)' : `; it has ${names.join(', ')}`}`;
  }
  const found = shorthand.schedules.find((s) => s.schedule === schedule);
  if (found === undefined) return `${shorthand.resource} in stack "${stack}" has no schedule named ${schedule ?? ''}; it has ${shorthand.schedules.map((s) => s.schedule).join(', ')}`;
  return found;
}

/**
 * A `rate(...)` fires every period counted from when the rule or schedule was created, which the stack
 * does not say; a scheduled run's start says it. The instant to pass `nextRuns` as "now" (which counts a
 * rate from "now") so that its runs continue the series of `anchor`, or undefined for another expression.
 */
export function rateOrigin(expression: string, anchor: number, now: number): number | undefined {
  const rate = /^rate\((\d+) ([a-z]+)\)$/.exec(expression);
  const unit = rate === null ? undefined : RATE_UNITS[rate[2] as string];
  if (rate === null || unit === undefined || anchor > now) return undefined;
  const step = Number(rate[1]) * unit;
  if (step <= 0) return undefined;
  return anchor + Math.floor((now - anchor) / step) * step;
}
