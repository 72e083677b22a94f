/** A schedule's task-level Cpu and Memory: whole numbers, and on Fargate one of its size combinations. */
import type { TemplateView } from '../arns';
import { staticValue } from '../parameters';
import { show, type ScheduleSpec } from '../schema';
import type { Report } from './issues';

/** Fargate's task sizes: CPU units → the memory sizes (MiB) it takes. */
const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/**
 * `launch`: FARGATE, EC2 or EXTERNAL when the launch type (or the capacity providers) tell, undefined when
 * an intrinsic decides it (Fargate's combinations cannot be checked then).
 */
export function checkTaskSizes(base: string, schedule: ScheduleSpec, view: TemplateView, launch: string | undefined, at: Report): void {
  if (schedule.Cpu === undefined && schedule.Memory === undefined) return;
  // Sizes from a parameter or a mapping are checked with the value CloudFormation will use.
  const sizeOf = (key: 'Cpu' | 'Memory'): string | undefined => {
    const value = schedule[key];
    const known = staticValue(value, view);
    if (known !== undefined && !/^[1-9]\d*$/.test(known)) at(`${base}.${key}`, `${show(value)} is ${show(known)}, which is not valid: expected a whole number of ${key === 'Cpu' ? 'CPU units' : 'MiB'}`);
    return known !== undefined && /^[1-9]\d*$/.test(known) ? known : undefined;
  };
  const cpu = sizeOf('Cpu');
  const memory = sizeOf('Memory');
  const shown = (key: 'Cpu' | 'Memory', known: string): string => (typeof schedule[key] === 'string' ? `"${known}"` : `${show(schedule[key])} (${known})`);
  if (launch === 'FARGATE') {
    if (schedule.Cpu === undefined || schedule.Memory === undefined) {
      at(`${base}.${schedule.Cpu === undefined ? 'Cpu' : 'Memory'}`, 'is required with Fargate when the other is given: Fargate takes only certain combinations of CPU and memory');
    } else if (cpu !== undefined) {
      const memories = FARGATE_SIZES.get(Number(cpu));
      if (memories === undefined) {
        at(`${base}.Cpu`, `${shown('Cpu', cpu)} is not a Fargate CPU size: one of ${[...FARGATE_SIZES.keys()].join(', ')}`);
      } else if (memory !== undefined && !memories.includes(Number(memory))) {
        at(`${base}.Memory`, `${shown('Memory', memory)} MiB cannot go with ${cpu} CPU units on Fargate: ${describeSizes(memories)}`);
      }
    }
  } else if (launch === undefined) {
    // The launch type comes from an intrinsic: Fargate's combinations cannot be checked here.
  } else if (Number(cpu ?? 128) < 128 || Number(memory ?? 128) < 128) {
    at(`${base}.${Number(cpu ?? 128) < 128 ? 'Cpu' : 'Memory'}`, 'ECS takes at least 128 CPU units and 128 MiB for a task');
  }
}

function describeSizes(memories: readonly number[]): string {
  const step = memories.length > 1 ? (memories[1] as number) - (memories[0] as number) : 0;
  return memories.length > 3 ? `from ${memories[0]} to ${memories[memories.length - 1]} MiB in steps of ${step}` : `${memories.join(', ')} MiB`;
}
