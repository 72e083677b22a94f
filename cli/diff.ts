/**
 * `diff <file> --stack NAME`: the deployed stack's processed template (GetTemplate, TemplateStage
 * Processed: after every transform, so after our macro) against the local file expanded the same way.
 * Credentials and region come from the SDK's default chain.
 */
import { parseTemplate } from '../preview/cfnYaml';
import { isObject } from '../src/json';
import { diffTemplates, type TemplateDiff } from '../preview/templateDiff';
import { clientConfig, explainAwsError } from './aws';
import type { PropertyReplacement } from './replacements';
import { EXIT, formatOption, paramsOf, parseOptions, styleFor, UsageError, type CliIo } from './common';
import { expandTemplate } from './expandTemplate';
import { loadTemplate } from './template';

export const DIFF_USAGE = `Usage: ecs-batch-scheduler diff <template.yaml|json> --stack NAME [--region R] [--profile P] [--param Name=Value ...] [--format text|json]

Fetches the processed template of the deployed stack (CloudFormation GetTemplate, TemplateStage
Processed; credentials and region from the AWS SDK's default chain: environment, profile, SSO, ...),
expands the local template as the macro would, and prints what a deploy would add, remove and modify,
and which resources would be REPLACED: because their logical ID changes (renamed resource or schedule),
or because a property that cannot be updated in place changes (per the CloudFormation resource
specification, as @aws-cdk/cloudformation-diff reads it). Only the Resources section is compared.

Exit codes: 0 no differences, 1 differences, 2 wrong usage or the stack could not be read.`;

export async function diffCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { values: ['--stack', '--region', '--profile', '--format'], repeated: ['--param'] });
  const format = formatOption(parsed.options['--format']);
  const stack = parsed.options['--stack'];
  const region = parsed.options['--region'];
  const profile = parsed.options['--profile'];
  const [file, extra] = parsed.positional;
  if (file === undefined) throw new UsageError('missing template file');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  if (stack === undefined) throw new UsageError('missing --stack NAME');
  const loaded = loadTemplate(io, file);
  const expanded = expandTemplate(loaded, paramsOf(parsed.repeated['--param']));
  if (expanded.status === 'failure') {
    io.stderr(`${file}: the template has errors; run \`ecs-batch-scheduler validate ${file}\` to see them\n`);
    return EXIT.findings;
  }

  let body: string;
  // Loaded here, not at start-up: the SDK is most of the CLI's code and only this command needs it.
  const { CloudFormationClient, GetTemplateCommand } = await import('@aws-sdk/client-cloudformation');
  const client = new CloudFormationClient(clientConfig({ ...(region === undefined ? {} : { region }), ...(profile === undefined ? {} : { profile }) }));
  try {
    const answer = await client.send(new GetTemplateCommand({ StackName: stack, TemplateStage: 'Processed' }));
    if (answer.TemplateBody === undefined) throw new Error(`CloudFormation returned no template for stack "${stack}"`);
    body = answer.TemplateBody;
  } catch (error) {
    const message = explainAwsError(error, { stack, command: 'diff', permission: `cloudformation:GetTemplate on stack "${stack}"` });
    io.stderr(`ecs-batch-scheduler diff: ${message ?? `cannot read stack "${stack}": ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`}\n`);
    return EXIT.usage;
  } finally {
    client.destroy();
  }
  const deployed = parseTemplate(body);
  if (!isObject(deployed)) {
    io.stderr(`ecs-batch-scheduler diff: the processed template of stack "${stack}" is not a template\n`);
    return EXIT.usage;
  }
  const diff = diffTemplates(deployed, expanded.value);
  const changes = diff.added.length + diff.removed.length + diff.modified.length + diff.replaced.length;
  // Loaded here, and only when a resource changes: the resource specification is read from disk on first use.
  const replacedByProperty = diff.modified.length === 0 ? [] : (await import('./replacements')).replacementsByProperty(deployed, expanded.value);
  if (format === 'json') io.stdout(`${JSON.stringify({ stack, file, ...diff, ...(replacedByProperty.length > 0 ? { replacedByProperty } : {}) }, null, 2)}\n`);
  else io.stdout(render(diff, replacedByProperty, stack, file, io));
  return changes === 0 ? EXIT.ok : EXIT.findings;
}

function render(diff: TemplateDiff, replacedByProperty: readonly PropertyReplacement[], stack: string, file: string, io: CliIo): string {
  const style = styleFor(io);
  const lines = [`Stack ${stack} (deployed, processed) → ${file} (expanded locally)`, ''];
  if (replacedByProperty.length > 0) {
    const n = replacedByProperty.length;
    lines.push(style.red(style.bold(`!! ${n} resource${n === 1 ? '' : 's'} would be REPLACED because a property that cannot be updated in place changes:`)));
    for (const r of replacedByProperty) lines.push(style.red(`!! ${r.logicalId}  ${r.type}  (${r.properties.join(', ')}${r.certain ? '' : ': replaced in some cases'})`));
    lines.push(style.red('!! CloudFormation creates the new resource, then deletes the old one: a replaced state machine loses its execution history.'), '');
  }
  if (diff.replaced.length > 0) {
    lines.push(style.red(style.bold(`!! ${diff.replaced.length} resource${diff.replaced.length === 1 ? '' : 's'} would be REPLACED because the logical ID changes:`)));
    for (const r of diff.replaced) lines.push(style.red(`!! ${r.from} → ${r.to}  ${r.type}  (CloudFormation creates ${r.to}, then deletes ${r.from})`));
    lines.push(style.red('!! A state machine that is replaced loses its execution history. Keep the old resource and schedule names to avoid this.'), '');
  }
  for (const a of diff.added) lines.push(style.green(`+ ${a.logicalId}  ${a.type}`));
  for (const r of diff.removed) lines.push(style.red(`- ${r.logicalId}  ${r.type}`));
  for (const m of diff.modified) lines.push(style.yellow(`~ ${m.logicalId}  ${m.type}  (${m.paths.join(', ')})`));
  const total = diff.added.length + diff.removed.length + diff.modified.length + diff.replaced.length;
  if (total === 0) lines.push('No differences: a deploy would change no resource.');
  if (lines[lines.length - 1] !== '') lines.push('');
  const inPlace = replacedByProperty.length === 0 ? '' : ` (${replacedByProperty.length} of them by replacement)`;
  lines.push(`${diff.added.length} to add, ${diff.removed.length} to remove, ${diff.modified.length} to modify${inPlace}, ${diff.replaced.length} to replace`);
  return `${lines.join('\n')}\n`;
}
