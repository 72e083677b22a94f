/**
 * A command pays only for what it uses: each command's module is imported when it runs, and the AWS SDK
 * clients, the local Step Functions engine, the CloudFormation resource specification (diff's replacement
 * check) and the expansion are imported inside the commands that need them. Each module below is replaced
 * by a factory that records that it was loaded (jest runs a module factory when the module is first required).
 */
import { join } from 'node:path';
import { runCli } from './support/cli';
import { TEMPLATES_DIR } from './support/paths';

// Function declarations are hoisted above the (hoisted) jest.mock calls; a static import would run a
// factory before any `const` of this file exists, so the list lives on globalThis.
function loadedModules(): string[] {
  const holder = globalThis as { lazyLoadingTestModules?: string[] };
  return (holder.lazyLoadingTestModules ??= []);
}
function record(name: string): unknown {
  loadedModules().push(name);
  return jest.requireActual<object>(name);
}
jest.mock('@aws-sdk/client-cloudformation', () => record('@aws-sdk/client-cloudformation'));
jest.mock('@aws-sdk/client-sfn', () => record('@aws-sdk/client-sfn'));
jest.mock('@aws-sdk/client-ecs', () => record('@aws-sdk/client-ecs'));
jest.mock('@aws-sdk/client-cloudwatch', () => record('@aws-sdk/client-cloudwatch'));
jest.mock('@aws-sdk/client-cloudwatch-logs', () => record('@aws-sdk/client-cloudwatch-logs'));
jest.mock('@aws-sdk/client-eventbridge', () => record('@aws-sdk/client-eventbridge'));
jest.mock('@aws-sdk/client-scheduler', () => record('@aws-sdk/client-scheduler'));
jest.mock('aws-local-stepfunctions', () => record('aws-local-stepfunctions'));
jest.mock('@aws-cdk/cloudformation-diff', () => record('@aws-cdk/cloudformation-diff'));
// The expansion (plan, renderers) behind `expand`, `validate`, `simulate` and `diff`.
jest.mock('../src/expand', () => record('../src/expand'));

const nightly = join(TEMPLATES_DIR, 'nightly-jobs.yaml');

describe('lazy loading', () => {
  // First: the module registry keeps what a test loaded for the tests after it.
  it('--help, --version and next-runs load no command they do not run: not the expansion', async () => {
    expect((await runCli(['--help'])).code).toBe(0);
    expect((await runCli(['--version'])).code).toBe(0);
    expect((await runCli(['next-runs', nightly, '--now', '2027-01-01T00:00:00Z'])).code).toBe(0);
    expect(loadedModules()).toEqual([]);
  });

  it('expand, validate, next-runs and --help load no AWS SDK client, no Step Functions engine and no resource specification', async () => {
    expect((await runCli(['validate', nightly])).code).toBe(0);
    expect((await runCli(['expand', nightly])).code).toBe(0);
    expect((await runCli(['next-runs', nightly, '--now', '2027-01-01T00:00:00Z'])).code).toBe(0);
    for (const command of ['status', 'history', 'run', 'logs', 'diff', 'simulate']) expect((await runCli([command, '--help'])).code).toBe(0);
    expect(loadedModules()).toEqual(['../src/expand']);
  });

  it('simulate loads the Step Functions engine, and no SDK client', async () => {
    expect((await runCli(['simulate', nightly, 'NightlyJobs.ImportCustomers', '--format', 'json'])).code).toBe(0);
    expect(loadedModules()).toEqual(['../src/expand', 'aws-local-stepfunctions']);
  });
});
