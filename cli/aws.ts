/**
 * What the commands that call AWS share: client configuration (`--region`, `--profile`; otherwise the SDK's
 * default chain: AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, SSO, ...), reading a deployed stack, and turning
 * SDK errors into one line. The SDK clients themselves are imported inside the commands (`await import`),
 * so a command that needs none of them (validate, next-runs) never loads them.
 */
import { parseTemplate } from '../preview/cfnYaml';
import { isObject, type JsonObject } from '../src/json';
import { deployedShorthands, type DeployedShorthand, type StackResourceLike } from '../preview/operate/stack';

export interface AwsOptions {
  readonly region?: string;
  readonly profile?: string;
}

/** The client configuration for `--region` / `--profile` (each left to the SDK when not given). */
export function clientConfig(options: AwsOptions): { region?: string; profile?: string } {
  return { ...(options.region === undefined ? {} : { region: options.region }), ...(options.profile === undefined ? {} : { profile: options.profile }) };
}

/** An AWS call that failed for a reason the user can act on; the command prints the message and exits 2. */
export class AwsAccessError extends Error {
  override readonly name = 'AwsAccessError';
}

/**
 * One line for an SDK error (errors carry a `name`; credential errors come from the provider chain), or
 * undefined when it is not one of the well-known ones.
 */
export function explainAwsError(error: unknown, context: { readonly stack?: string; readonly permission?: string; readonly command: string }): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const name = error.name;
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(error.message)) {
    return 'no AWS credentials found: set AWS_PROFILE (or run `aws configure` / `aws sso login`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';
  }
  if (/Region is missing/i.test(error.message)) return 'no AWS region: pass --region or set AWS_REGION';
  if (context.stack !== undefined && name === 'ValidationError' && /does not exist/i.test(error.message)) {
    return `stack "${context.stack}" does not exist in this account and region (${error.message})`;
  }
  if (name === 'Throttling' || name === 'ThrottlingException' || name === 'TooManyRequestsException') {
    return `AWS throttled the request (the SDK already retried): wait a moment and run ${context.command} again`;
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException' || name === 'AccessDeniedError') {
    return `access denied${context.permission === undefined ? '' : `: the caller needs ${context.permission}`} (${error.message})`;
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException') return 'the AWS credentials have expired: refresh them (e.g. `aws sso login`)';
  if (name === 'ProfileNotFound' || /profile .* (could not be found|not found)/i.test(error.message)) return `AWS profile not found: ${error.message}`;
  return undefined;
}

/** Runs an AWS call; a failure becomes an AwsAccessError with a one-line message. */
export async function call<T>(what: string, context: { readonly stack?: string; readonly permission?: string; readonly command: string }, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AwsAccessError) throw error;
    const known = explainAwsError(error, context);
    const detail = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0] ?? ''}` : String(error);
    throw new AwsAccessError(known ?? `cannot ${what}: ${detail}`);
  }
}

export interface DeployedStack {
  readonly name: string;
  readonly region: string;
  readonly template: JsonObject;
  readonly resources: readonly StackResourceLike[];
  readonly shorthands: readonly DeployedShorthand[];
}

/**
 * The stack's processed template (GetTemplate, TemplateStage Processed: after every transform, so after
 * our macro; for a stack deployed from an expanded template, that template) and all its resources
 * (ListStackResources, every page).
 */
export async function loadStack(stack: string, options: AwsOptions, command: string): Promise<DeployedStack> {
  const { CloudFormationClient, GetTemplateCommand, ListStackResourcesCommand } = await import('@aws-sdk/client-cloudformation');
  const client = new CloudFormationClient(clientConfig(options));
  try {
    const context = { stack, command, permission: `cloudformation:GetTemplate and cloudformation:ListStackResources on stack "${stack}"` };
    const answer = await call(`read stack "${stack}"`, context, () => client.send(new GetTemplateCommand({ StackName: stack, TemplateStage: 'Processed' })));
    if (answer.TemplateBody === undefined) throw new AwsAccessError(`CloudFormation returned no template for stack "${stack}"`);
    let template: unknown;
    try {
      template = parseTemplate(answer.TemplateBody);
    } catch {
      template = undefined;
    }
    if (!isObject(template)) throw new AwsAccessError(`the processed template of stack "${stack}" is not a template`);
    const resources: StackResourceLike[] = [];
    let token: string | undefined;
    do {
      const page = await call(`list the resources of stack "${stack}"`, context, () => client.send(new ListStackResourcesCommand({ StackName: stack, NextToken: token })));
      resources.push(...(page.StackResourceSummaries ?? []));
      token = page.NextToken;
    } while (token !== undefined && token !== '');
    const region = await client.config.region();
    return { name: stack, region, template, resources, shorthands: deployedShorthands(template, resources) };
  } finally {
    client.destroy();
  }
}
