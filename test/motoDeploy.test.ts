/**
 * An independent evaluator of CloudFormation intrinsics: moto's CloudFormation (moto_server, on a free
 * loopback port) deploys an expanded template whose commands hold a `!Sub |` script, a parameter with quotes
 * and a backslash, and an `!ImportValue` of another stack's export with quotes, a backslash, a line feed
 * and a tab. The rule's target Input that moto stores must parse as JSON and carry the exact text: the
 * escaping the macro emits (literal text escaped in place, Fn::Split/Fn::Join pairs for values only
 * CloudFormation knows) is evaluated by code that is not ours.
 */
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { expand } from '../src';
import { parseTemplate } from '../preview/cfnYaml';
import type { JsonObject } from '../src/json';
import { fragmentOf, parameterValues } from '../src/template';

const available = spawnSync('moto_server', ['--help'], { encoding: 'utf8' }).status === 0;
const EXPORTED = 'exported: "quoted" \\ back\nline2\ttab';
const QUOTE = 'say "hi" \\ there';

const TEMPLATE = `Transform: EcsBatchScheduler
Parameters:
  Quote: {Type: String}
Resources:
  Jobs:
    Type: Custom::BatchCommandSchedule
    Properties:
      Cluster: batch
      TaskDefinition: app:1
      ContainerName: app
      Subnets: [subnet-0a1b2c3d]
      PassRoleArns: []
      Schedules:
        Sync:
          ScheduleExpression: rate(1 day)
          Command:
            - sh
            - -c
            - !Sub |
              echo "\${Quote}" \\ done
              echo '\${AWS::Region}'
            - !ImportValue shared-script
            - !Ref Quote
          Environment:
            SCRIPT: !Sub "<\${!Literal} \${Quote}>"
`;

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolvePort(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer`);
}

/** An EventBridge JSON-protocol call to moto (moto does not check signatures). */
async function events(endpoint: string, action: string, body: object): Promise<JsonObject> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSEvents.${action}`, Authorization: 'AWS4-HMAC-SHA256 Credential=test/20270101/eu-central-1/events/aws4_request, SignedHeaders=host, Signature=0' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as JsonObject;
}

describe('moto CloudFormation deploys the expansion and stores an Input that is exact JSON', () => {
  if (!available) {
    it('moto_server is installed (a failure under CI=true, never a skip)', () => {
      console.warn('moto_server is NOT installed: the expanded template was NOT deployed');
      if (process.env['CI'] === 'true') throw new Error('moto_server is not installed');
    });
    return;
  }

  let moto: ChildProcess | undefined;
  let endpoint = '';
  beforeAll(async () => {
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    await waitFor(endpoint);
  }, 30_000);
  afterAll(() => {
    moto?.kill();
  });

  it('a !Sub | script, a parameter and an import with quotes, backslashes and line breaks arrive byte for byte', async () => {
    const cfn = new CloudFormationClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const exporter = { Resources: { B: { Type: 'AWS::S3::Bucket' } }, Outputs: { Script: { Value: EXPORTED, Export: { Name: 'shared-script' } } } };
    await cfn.send(new CreateStackCommand({ StackName: 'exporter', TemplateBody: JSON.stringify(exporter) }));

    const template = parseTemplate(TEMPLATE) as JsonObject;
    const result = expand({ fragment: fragmentOf(template), templateParameterValues: parameterValues(template, { Quote: QUOTE }) });
    if (result.status !== 'success') throw new Error(JSON.stringify(result.issues));
    await cfn.send(new CreateStackCommand({ StackName: 'jobs', TemplateBody: JSON.stringify(result.value), Parameters: [{ ParameterKey: 'Quote', ParameterValue: QUOTE }], Capabilities: ['CAPABILITY_IAM'] }));
    const stack = await cfn.send(new DescribeStacksCommand({ StackName: 'jobs' }));
    expect(stack.Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');

    const rules = (await events(endpoint, 'ListRules', {}))['Rules'] as JsonObject[];
    const rule = rules.find((r) => String(r['Name']).includes('JobsSyncRule'));
    const targets = (await events(endpoint, 'ListTargetsByRule', { Rule: rule?.['Name'] }))['Targets'] as JsonObject[];
    const input = JSON.parse(String(targets[0]?.['Input'])) as JsonObject;
    expect(input).toEqual({
      schedule: 'Sync',
      commands: ['sh', '-c', `echo "${QUOTE}" \\ done\necho 'eu-central-1'\n`, EXPORTED, QUOTE],
      environment: [{ Name: 'SCRIPT', Value: `<\${Literal} ${QUOTE}>` }],
      overrides: {},
    });
  }, 60_000);
});
