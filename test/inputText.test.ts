/**
 * Values from intrinsics inside commands and environment values reach the container byte for byte: the
 * trigger's Input is JSON text, and every value spliced into it arrives JSON-escaped, whether the macro can
 * see it (a `!Sub |` script's text, a parameter CloudFormation sent) or only CloudFormation can (an
 * attribute of another resource, an import). Each case is checked by resolving the generated Input for an
 * example account (cli/simulation/resolve.ts) and parsing it.
 */
import { expand } from '../src';
import type { Json, JsonObject } from '../src/json';
import { parseTemplate } from '../preview/cfnYaml';
import { fragmentOf, parameterValues } from '../src/template';
import { resolve, type Env } from '../cli/simulation/resolve';

const NASTY = 'say "hi"\\n\n\ttab\r\u0001 ${x} $.a';

interface Resolved {
  readonly inputs: Record<string, Json>;
  readonly template: JsonObject;
}

/** Expands a YAML template and resolves every trigger Input for the example account. */
function expandAndResolve(yaml: string, overrides: { params?: Record<string, string>; attributes?: Record<string, Json>; exports?: Record<string, Json> } = {}): Resolved {
  const template = parseTemplate(yaml) as JsonObject;
  const values = parameterValues(template, overrides.params ?? {});
  const result = expand({ fragment: fragmentOf(template), templateParameterValues: values });
  if (result.status !== 'success') throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  const env: Env = { template: result.value, parameters: values, ...(overrides.attributes ? { attributes: overrides.attributes } : {}), ...(overrides.exports ? { exports: overrides.exports } : {}) };
  const inputs: Record<string, Json> = {};
  for (const [id, resource] of Object.entries(result.value['Resources'] as JsonObject)) {
    const r = resource as JsonObject;
    const props = r['Properties'] as JsonObject;
    const input = r['Type'] === 'AWS::Events::Rule' ? ((props['Targets'] as JsonObject[])[0] as JsonObject)['Input'] : r['Type'] === 'AWS::Scheduler::Schedule' ? (props['Target'] as JsonObject)['Input'] : undefined;
    if (input === undefined) continue;
    const text = resolve(env, input as Json);
    if (typeof text !== 'string') throw new Error(`${id}: Input resolves to ${JSON.stringify(text)}`);
    inputs[id] = JSON.parse(text) as Json;
  }
  return { inputs, template: result.value };
}

const HEADER = `
Transform: EcsBatchScheduler
Parameters:
  Bucket: {Type: String, Default: my-bucket}
  Greeting: {Type: String, Default: plain}
  Args: {Type: CommaDelimitedList, Default: "a,b"}
  Secret: {Type: "AWS::SSM::Parameter::Value<String>", Default: /app/secret}
Resources:
  Network:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: https://example.com/network.yaml}
  Settings:
    Type: Custom::Settings
    Properties: {ServiceToken: arn:aws:lambda:eu-central-1:123456789012:function:settings}
`;

function job(schedule: string): string {
  return `${HEADER}
  Jobs:
    Type: Custom::BatchCommandSchedule
    Properties:
      Cluster: batch
      TaskDefinition: app:1
      ContainerName: app
      Subnets: [subnet-0a1b2c3d]
      PassRoleArns: []
      Schedules:
        Nightly:
          ScheduleExpression: rate(1 day)
${schedule.replace(/^/gm, '          ')}
`;
}

const commandsOf = (r: Resolved): Json => (r.inputs['JobsNightlyRule'] as JsonObject)['commands'] as Json;

describe('a value the macro can see is escaped at transform time', () => {
  it('a two-line !Sub | shell script with quotes, backslashes and ${!Literal}', () => {
    const yaml = job(`Command:
  - sh
  - -c
  - !Sub |
    aws s3 sync "s3://\${Bucket}/in" /data && echo "done \\\\ \${!HOME}"
    python run.py --region \${AWS::Region}`);
    const resolved = expandAndResolve(yaml);
    expect(commandsOf(resolved)).toEqual(['sh', '-c', 'aws s3 sync "s3://my-bucket/in" /data && echo "done \\\\ ${HOME}"\npython run.py --region eu-central-1\n']);
    // The Sub stays a Sub: its literal text is escaped in place, and a safe parameter is still substituted.
    expect(JSON.stringify(resolved.template)).toContain('aws s3 sync \\\\\\"s3://${Bucket}/in\\\\\\" /data');
  });
  it('a known parameter value with quotes, a backslash, a newline and control characters', () => {
    const resolved = expandAndResolve(job('Command: [echo, !Ref Greeting, !Sub "<${Greeting}>"]\nEnvironment: {G: !Ref Greeting}'), { params: { Greeting: NASTY } });
    expect(commandsOf(resolved)).toEqual(['echo', NASTY, `<${NASTY}>`]);
    expect((resolved.inputs['JobsNightlyRule'] as JsonObject)['environment']).toEqual([{ Name: 'G', Value: NASTY }]);
  });
  it('a safe known parameter stays a plain Ref (no escaping noise in the template)', () => {
    const resolved = expandAndResolve(job('Command: [echo, !Ref Greeting]'));
    const rule = (resolved.template['Resources'] as JsonObject)['JobsNightlyRule'];
    expect(JSON.stringify(rule)).not.toContain('Fn::Split');
    expect(commandsOf(resolved)).toEqual(['echo', 'plain']);
  });
  it('Fn::Join of literals, Sub variables with literal values, Fn::If branches', () => {
    const yaml = job(`Command:
  - !Join ["\\"", ['a"b', "c\\\\d"]]
  - !Sub ['\${A}-\${B}', {A: 'x"y', B: !Ref Greeting}]
  - !If [IsProd, 'p"q', !Ref Greeting]`).replace('Resources:', 'Conditions:\n  IsProd: !Equals [!Ref Greeting, plain]\nResources:');
    const resolved = expandAndResolve(yaml, { params: { Greeting: 'g"h' } });
    expect(commandsOf(resolved)).toEqual(['a"b"c\\d', 'x"y-g"h', 'g"h']);
  });
  it('a whole command list from a list parameter whose elements hold quotes', () => {
    const resolved = expandAndResolve(job('Command: !Ref Args'), { params: { Args: 'say "hi",C:\\\\dir' } });
    expect(commandsOf(resolved)).toEqual(['say "hi"', 'C:\\\\dir']);
  });
});

describe('Fn::ToJsonString (AWS::LanguageExtensions listed after the macro), whose value always holds quotes', () => {
  it('of literal values: the compact JSON text AWS documents, escaped at transform time (cfn-lint takes no Fn::ToJsonString inside Fn::Split)', () => {
    const resolved = expandAndResolve(job('Command: [run, !ToJsonString {a: "b", list: [1, "x\\"y"]}]'));
    expect(commandsOf(resolved)).toEqual(['run', '{"a":"b","list":[1,"x\\"y"]}']);
    expect(JSON.stringify(resolved.template)).not.toContain('Fn::ToJsonString');
  });
  it('over intrinsics: refused, saying to list AWS::LanguageExtensions first', () => {
    expect(() => expandAndResolve(job('Command: [run, !ToJsonString {greeting: !Ref Greeting}]'))).toThrow(
      /^Schedules\.Nightly: \{"Fn::ToJsonString":\{"greeting":\{"Ref":"Greeting"\}\}\} holds intrinsic functions, which AWS::LanguageExtensions resolves only after this macro has written the trigger's input: list it first, "Transform: \[AWS::LanguageExtensions, EcsBatchScheduler\]"/,
    );
  });
});

describe('a value only CloudFormation knows is escaped by CloudFormation (Fn::Split / Fn::Join)', () => {
  const nasty = 'value "quoted" \\ back\nnext\ttab\r';
  it('a nested stack output, a custom resource attribute, an import, an SSM parameter', () => {
    const yaml = job(`Command:
  - run
  - !GetAtt Network.Outputs.Script
  - !GetAtt Settings.Flag
  - !ImportValue shared-script
  - !Ref Secret
  - !Sub "\${Network.Outputs.Script} and \${Secret}"`);
    const resolved = expandAndResolve(yaml, {
      params: { Secret: nasty },
      attributes: { 'Network.Outputs.Script': nasty, 'Settings.Flag': '"' },
      exports: { 'shared-script': nasty },
    });
    expect(commandsOf(resolved)).toEqual(['run', nasty, '"', nasty, nasty, `${nasty} and ${nasty}`]);
  });

  it('Cpu and Memory from intrinsics travel escaped too', () => {
    const yaml = job('Command: [run]\nCpu: !FindInMap [Sizes, large, cpu]\nMemory: !FindInMap [Sizes, large, memory]').replace('Resources:', 'Mappings:\n  Sizes:\n    large: {cpu: 1024, memory: 2048}\nResources:');
    expect((expandAndResolve(yaml).inputs['JobsNightlyRule'] as JsonObject)['overrides']).toEqual({ Cpu: '1024', Memory: '2048' });
  });
});
