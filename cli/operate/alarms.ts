/**
 * The state of the alarms the macro generated (DescribeAlarms), for `status`. The CloudWatch client is
 * loaded only when the stack has such alarms.
 */
import type { DeployedAlarm } from '../../preview/operate/stack';
import { call, clientConfig, type AwsOptions } from '../aws';

export interface AlarmState {
  readonly kind: DeployedAlarm['kind'];
  readonly name: string;
  /** OK, ALARM or INSUFFICIENT_DATA; MISSING when the alarm no longer exists. */
  readonly state: string;
  readonly reason?: string;
  readonly since?: string;
}

/** DescribeAlarms takes at most 100 names per call. */
const NAMES_PER_CALL = 100;

export async function alarmStates(alarms: readonly DeployedAlarm[], options: AwsOptions, command: string): Promise<Map<string, AlarmState>> {
  const out = new Map<string, AlarmState>();
  const named = alarms.filter((a): a is DeployedAlarm & { name: string } => a.name !== undefined);
  if (named.length === 0) return out;
  const { CloudWatchClient, DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch');
  const client = new CloudWatchClient(clientConfig(options));
  try {
    for (let i = 0; i < named.length; i += NAMES_PER_CALL) {
      const batch = named.slice(i, i + NAMES_PER_CALL);
      const answer = await call('describe the alarms', { command, permission: 'cloudwatch:DescribeAlarms' }, () =>
        client.send(new DescribeAlarmsCommand({ AlarmNames: batch.map((a) => a.name), AlarmTypes: ['MetricAlarm'], MaxRecords: NAMES_PER_CALL })),
      );
      const found = new Map((answer.MetricAlarms ?? []).map((m) => [m.AlarmName ?? '', m]));
      for (const a of batch) {
        const m = found.get(a.name);
        out.set(a.logicalId, {
          kind: a.kind,
          name: a.name,
          state: m?.StateValue ?? 'MISSING',
          ...(m?.StateReason === undefined ? {} : { reason: m.StateReason }),
          ...(m?.StateUpdatedTimestamp === undefined ? {} : { since: m.StateUpdatedTimestamp.toISOString() }),
        });
      }
    }
  } finally {
    client.destroy();
  }
  return out;
}
