/**
 * Where a task's container output is: the task definition's `awslogs` log configuration. ECS names the
 * stream `<awslogs-stream-prefix>/<container name>/<task ID>`; without a prefix (allowed on EC2 only) the
 * stream is named after the Docker container ID, which the run does not record. Pure.
 */

/** The fields of an ECS container definition this module reads (the SDK's `ContainerDefinition` fits). */
interface ContainerDefinitionLike {
  readonly name?: string | undefined;
  readonly logConfiguration?: { readonly logDriver?: string | undefined; readonly options?: Record<string, string> | undefined } | undefined;
}

export type LogLocation =
  | { readonly found: true; readonly container: string; readonly group: string; readonly stream: string; readonly region?: string }
  | { readonly found: false; readonly container: string; readonly reason: string };

/**
 * The log stream of each container to show: the container the run overrides, or every container when it
 * is not known.
 */
export function logLocations(containers: readonly ContainerDefinitionLike[], taskId: string, container: string | undefined, taskDefinition: string): LogLocation[] {
  const chosen = container === undefined ? containers : containers.filter((c) => c.name === container);
  if (chosen.length === 0) return [{ found: false, container: container ?? '', reason: `task definition ${taskDefinition} has no container named ${container ?? ''}` }];
  return chosen.map((c) => {
    const name = c.name ?? '';
    const config = c.logConfiguration;
    if (config?.logDriver !== 'awslogs') {
      const driver = config?.logDriver === undefined ? 'no log configuration' : `log driver ${config.logDriver}`;
      return { found: false, container: name, reason: `container ${name} of task definition ${taskDefinition} has ${driver}, not awslogs: its output is not in CloudWatch Logs where this command can find it` };
    }
    const options = config.options ?? {};
    const group = options['awslogs-group'];
    const prefix = options['awslogs-stream-prefix'];
    if (group === undefined) return { found: false, container: name, reason: `container ${name} of task definition ${taskDefinition} uses awslogs without awslogs-group` };
    if (prefix === undefined || prefix === '') {
      return { found: false, container: name, reason: `container ${name} of task definition ${taskDefinition} uses awslogs without awslogs-stream-prefix: its streams are named by Docker container ID; look in log group ${group}` };
    }
    const region = options['awslogs-region'];
    return { found: true, container: name, group, stream: `${prefix}/${name}/${taskId}`, ...(region === undefined ? {} : { region }) };
  });
}
