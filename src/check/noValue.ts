/**
 * `AWS::NoValue` (from `Fn::If`) inside the shorthand: where a property has a default, the default takes
 * its place; where it has none, it is an error.
 */
import { containsNoValue, isIntrinsic, replaceNoValue, type Json } from '../json';
import type { ShorthandProperties } from '../schema';
import type { Report } from './issues';

/**
 * Where an `Fn::If` may yield `AWS::NoValue`, the property's default takes its place: CloudFormation would
 * drop the `DefinitionSubstitutions` key and leave a literal `${…}` in the definition.
 */
const NO_VALUE_DEFAULTS = { LaunchType: 'FARGATE', PlatformVersion: 'LATEST', AssignPublicIp: 'DISABLED', LogLevel: 'ERROR', IncludeExecutionData: false } as const;

/** Values with no default: a removed value would break the definition, the rule input or a policy. */
const NO_VALUE_FORBIDDEN = {
  Cluster: 'it is required',
  TaskDefinition: 'it is required',
  ContainerName: 'it names the container to run',
  Subnets: 'Fargate and awsvpc tasks need subnets',
  SecurityGroups: 'leave SecurityGroups out to use the VPC\'s default security group',
  Tags: 'every tag needs a value',
  StateMachineKmsKeyArn: 'the encryption configuration and the role\'s key permissions need the key (leave the property out for an AWS owned key)',
} as const;

/** The properties with defaults in place of `AWS::NoValue`; reports where no default can stand in. */
export function applyNoValue(props: ShorthandProperties, at: Report): ShorthandProperties {
  const out: Record<string, unknown> = { ...props };
  for (const [key, fallback] of Object.entries(NO_VALUE_DEFAULTS)) {
    const value = out[key] as Json | undefined;
    if (value !== undefined && containsNoValue(value)) out[key] = replaceNoValue(value, fallback);
  }
  const forbid = (path: string, value: unknown, why: string): void => {
    if (containsNoValue(value)) at(path, `AWS::NoValue (from Fn::If) cannot be used here: ${why}`);
  };
  for (const [key, why] of Object.entries(NO_VALUE_FORBIDDEN)) forbid(key, out[key], why);
  // Inside the list CloudFormation drops the element; as the whole value it would empty the policy.
  if (isIntrinsic(props.PassRoleArns)) forbid('PassRoleArns', props.PassRoleArns, 'write [] for a task without roles');
  for (const [name, schedule] of Object.entries(props.Schedules)) {
    if (isIntrinsic(schedule.ScheduleExpression)) forbid(`Schedules.${name}.ScheduleExpression`, schedule.ScheduleExpression, 'a rule needs a schedule (use State: DISABLED to pause it)');
    forbid(`Schedules.${name}.Command`, schedule.Command, 'the command is written into the rule\'s input');
    if (schedule.Environment !== undefined) forbid(`Schedules.${name}.Environment`, schedule.Environment, 'environment values are written into the rule\'s input');
    (schedule.Steps ?? []).forEach((step, i) => {
      forbid(`Schedules.${name}.Steps.${i}.Command`, step.Command, 'the command is written into the trigger\'s input');
      forbid(`Schedules.${name}.Steps.${i}.Environment`, step.Environment, 'environment values are written into the trigger\'s input');
    });
  }
  (props.CapacityProviderStrategy ?? []).forEach((provider, i) => {
    forbid(`CapacityProviderStrategy.${i}.CapacityProvider`, provider.CapacityProvider, 'every entry of the strategy names a capacity provider');
  });
  return out as ShorthandProperties;
}
