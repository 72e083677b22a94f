/**
 * What a run costs in Step Functions, for `npm run bench`: each shape of run (one command, three steps
 * one after another, three at once; without and with the overlap guard; succeeding and failing) is
 * executed locally (aws-local-stepfunctions against the fake ECS of `simulate`) with the input its
 * trigger sends, and its billed state transitions (states entered plus retries) are counted from the
 * engine's event log. Standard workflows cost $0.025 per 1,000 transitions (the monthly free tier of
 * 4,000 left aside), i.e. $25 per transition per million runs. The article's hand-written machine, one
 * Task state, is run the same way as the reference.
 *
 * The shapes are the shorthands of test/fixtures/input/run_shapes.yaml; test/runCost.test.ts holds the
 * targets as tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandTemplate } from '../cli/expandTemplate';
import type { RunTaskOutcome } from '../cli/simulation/fakeEcs';
import { resolve, substituteDefinition, type Env } from '../cli/simulation/resolve';
import { billedTransitions, runLocally, transitionsUntil, type LocalRunOptions } from '../cli/simulation/run';
import { parseTemplate } from '../preview/cfnYaml';
import type { Json, JsonObject } from '../src/json';
import { parameterValues } from '../src/template';

/** Step Functions Standard: $0.025 per 1,000 state transitions. */
const USD_PER_TRANSITION = 0.025 / 1000;

interface RunCost {
  readonly shape: string;
  readonly outcome: string;
  readonly transitions: number;
  /** The most issue 11 allows for this shape. */
  readonly target: number;
  readonly usdPerMillionRuns: number;
}

interface Shape {
  readonly shape: string;
  readonly machine: 'Lean' | 'Alerting' | 'Guarded' | 'Watched';
  readonly schedule: 'Single' | 'Sequence' | 'Parallel';
  /** Success: the target; failure: the outcomes, and the target is the run up to its failure plus 5. */
  readonly base: number;
  readonly outcomes?: readonly RunTaskOutcome[];
}

const SHAPES: readonly Shape[] = [
  { shape: 'single command', machine: 'Lean', schedule: 'Single', base: 3 },
  { shape: '3 steps in sequence', machine: 'Lean', schedule: 'Sequence', base: 2 + 3 },
  { shape: '3 steps in parallel', machine: 'Lean', schedule: 'Parallel', base: 3 + 3 },
  { shape: 'single command, overlap guard', machine: 'Guarded', schedule: 'Single', base: 3 + 4 + 2 },
  { shape: '3 steps in sequence, overlap guard', machine: 'Guarded', schedule: 'Sequence', base: 2 + 3 + 4 + 2 },
  { shape: '3 steps in parallel, overlap guard', machine: 'Guarded', schedule: 'Parallel', base: 3 + 3 + 4 + 2 },
  { shape: 'single command, alert', machine: 'Alerting', schedule: 'Single', base: 5, outcomes: [1] },
  { shape: '3 steps in sequence, last fails, alert', machine: 'Alerting', schedule: 'Sequence', base: 5, outcomes: [0, 0, 1] },
  { shape: '3 steps in parallel, one fails, alert', machine: 'Alerting', schedule: 'Parallel', base: 5, outcomes: [0, 1, 0] },
  { shape: 'single command, overlap guard, alert', machine: 'Guarded', schedule: 'Single', base: 5, outcomes: [1] },
  { shape: 'single command, records its success', machine: 'Watched', schedule: 'Single', base: 3 + 2 },
  { shape: '3 steps in sequence, records its success', machine: 'Watched', schedule: 'Sequence', base: 2 + 3 + 2 },
  { shape: '3 steps in parallel, beside schedules that record', machine: 'Watched', schedule: 'Parallel', base: 3 + 3 + 2 },
];

/** The article's machine: one Task state that runs the task and waits. */
const ARTICLE: JsonObject = {
  StartAt: 'RunTask',
  States: { RunTask: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', Parameters: { Cluster: 'batch', TaskDefinition: 'app', 'Overrides': { ContainerOverrides: [{ Name: 'app', 'Command.$': '$.commands' }] } }, End: true } },
};

function cost(shape: string, outcome: string, transitions: number, target: number): RunCost {
  return { shape, outcome, transitions, target, usdPerMillionRuns: Math.round(transitions * USD_PER_TRANSITION * 1e6 * 100) / 100 };
}

export async function measureRunCosts(root: string): Promise<RunCost[]> {
  const template = parseTemplate(readFileSync(join(root, 'test', 'fixtures', 'input', 'run_shapes.yaml'), 'utf8')) as JsonObject;
  const expanded = expandTemplate({ file: 'run_shapes.yaml', text: '', template });
  if (expanded.status !== 'success') throw new Error('run_shapes.yaml did not expand');
  const resources = expanded.value['Resources'] as JsonObject;
  const env: Env = { template: expanded.value, parameters: parameterValues(template, {}) };
  const out: RunCost[] = [];
  const article = await runLocally(ARTICLE, { commands: ['python', 'manage.py', 'report'] }, { exitCodes: [0] });
  out.push(cost("the article's hand-written machine", 'succeeds', billedTransitions(article.steps), 1));
  for (const s of SHAPES) {
    const props = (resources[s.machine] as JsonObject)['Properties'] as JsonObject;
    const definition = substituteDefinition(props['Definition'] as Json, resolve(env, props['DefinitionSubstitutions'] as Json) as Record<string, Json>);
    const target = (((resources[`${s.machine}${s.schedule}Rule`] as JsonObject)['Properties'] as JsonObject)['Targets'] as JsonObject[])[0] as JsonObject;
    const input = JSON.parse(resolve(env, target['Input'] as Json) as string) as Json;
    const options: LocalRunOptions = { exitCodes: [0], ...(s.outcomes ? { outcomes: s.outcomes } : {}) };
    const run = await runLocally(definition, input, options);
    const transitions = billedTransitions(run.steps);
    if (s.outcomes === undefined) {
      out.push(cost(s.shape, run.status === 'SUCCEEDED' ? 'succeeds' : `unexpectedly ${run.status}`, transitions, s.base));
    } else {
      const untilFailure = transitionsUntil(run.steps, (step) => /RunTask$/.test(step.state));
      out.push(cost(s.shape, run.status === 'FAILED' ? 'fails' : `unexpectedly ${run.status}`, transitions, untilFailure + s.base));
    }
  }
  return out;
}

export function printRunCosts(costs: readonly RunCost[], log: (line: string) => void): void {
  const widths = [40, 10, 12, 8, 18];
  const pad = (cells: readonly (string | number)[]): string => cells.map((c, i) => String(c).padEnd(widths[i] ?? 10)).join(' ');
  log('\nStep Functions cost per run (billed transitions counted on a local execution; $0.025 per 1,000)\n');
  log(pad(['run', 'outcome', 'transitions', 'target', '$ per million runs']));
  for (const c of costs) log(pad([c.shape, c.outcome, c.transitions, `<= ${c.target}`, c.usdPerMillionRuns.toFixed(2)]));
}
