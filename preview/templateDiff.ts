/**
 * What a deploy would change, resource by resource: added, removed, modified (which properties), and
 * replaced because the logical ID changed (CloudFormation creates the new ID and deletes the old one: a
 * state machine loses its execution history, a rule its name). Renames are recognised by type: a removed
 * and an added resource of the same type are a replacement, paired by the renamed shorthand prefix when
 * one is found (a renamed `Custom::BatchCommandSchedule` renames every resource it generates). Pure.
 */
import { isObject, type Json, type JsonObject } from '../src/json';

interface ResourceChange {
  readonly logicalId: string;
  readonly type: string;
}

interface Modification extends ResourceChange {
  /** Changed paths, e.g. `Properties.Definition`, `Properties.ScheduleExpression`, `Condition`. */
  readonly paths: readonly string[];
}

interface Replacement {
  readonly from: string;
  readonly to: string;
  readonly type: string;
}

export interface TemplateDiff {
  readonly added: readonly ResourceChange[];
  readonly removed: readonly ResourceChange[];
  readonly modified: readonly Modification[];
  readonly replaced: readonly Replacement[];
}

function typeOf(resource: Json | undefined): string {
  return isObject(resource) && typeof resource['Type'] === 'string' ? resource['Type'] : '?';
}

function changedPaths(before: Json | undefined, after: Json | undefined, prefix: string, depth: number): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (depth === 0 || !isObject(before) || !isObject(after)) return [prefix];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((k) => changedPaths(before[k], after[k], prefix === '' ? k : `${prefix}.${k}`, depth - 1));
}

export function diffTemplates(deployed: JsonObject, local: JsonObject): TemplateDiff {
  const before = isObject(deployed['Resources']) ? deployed['Resources'] : {};
  const after = isObject(local['Resources']) ? local['Resources'] : {};
  const removedIds = Object.keys(before).filter((id) => !Object.hasOwn(after, id)).sort();
  const addedIds = Object.keys(after).filter((id) => !Object.hasOwn(before, id)).sort();
  const modified: Modification[] = [];
  for (const id of Object.keys(after).filter((i) => Object.hasOwn(before, i)).sort()) {
    const paths = changedPaths(before[id], after[id], '', 2);
    if (paths.length > 0) modified.push({ logicalId: id, type: typeOf(after[id]), paths });
  }

  // Renamed state machines give the prefix mapping for everything generated with them.
  const prefixes: Array<readonly [string, string]> = [];
  const machines = (ids: readonly string[], resources: JsonObject): string[] => ids.filter((id) => typeOf(resources[id]) === 'AWS::StepFunctions::StateMachine');
  const oldMachines = machines(removedIds, before);
  const newMachines = machines(addedIds, after);
  if (oldMachines.length === 1 && newMachines.length === 1) prefixes.push([oldMachines[0] as string, newMachines[0] as string]);

  const replaced: Replacement[] = [];
  const added = new Set(addedIds);
  const removed = new Set(removedIds);
  for (const [oldPrefix, newPrefix] of prefixes) {
    for (const id of removedIds.filter((i) => i.startsWith(oldPrefix))) {
      const candidate = `${newPrefix}${id.slice(oldPrefix.length)}`;
      if (added.has(candidate) && typeOf(after[candidate]) === typeOf(before[id])) {
        replaced.push({ from: id, to: candidate, type: typeOf(before[id]) });
        added.delete(candidate);
        removed.delete(id);
      }
    }
  }
  // Otherwise, a removed and an added resource of the same type (e.g. a renamed schedule's rule).
  for (const id of [...removed]) {
    const type = typeOf(before[id]);
    const candidate = [...added].find((a) => typeOf(after[a]) === type);
    if (candidate !== undefined) {
      replaced.push({ from: id, to: candidate, type });
      added.delete(candidate);
      removed.delete(id);
    }
  }
  return {
    added: [...added].map((id) => ({ logicalId: id, type: typeOf(after[id]) })),
    removed: [...removed].map((id) => ({ logicalId: id, type: typeOf(before[id]) })),
    modified,
    replaced: replaced.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)),
  };
}
