/**
 * Which resources a deploy would REPLACE although their logical ID stays: a property that CloudFormation
 * cannot update in place changes (a state machine's StateMachineName or StateMachineType, a log group's
 * LogGroupName, a rule's Name, ...), or the resource type changes. @aws-cdk/cloudformation-diff knows which
 * properties those are from the CloudFormation resource specification; it does not pair renamed logical IDs,
 * which preview/templateDiff.ts does. Imported only by `diff`, when it runs: the specification is a 2.8 MB
 * database read on first use.
 */
import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { isObject, type JsonObject } from '../src/json';

export interface PropertyReplacement {
  readonly logicalId: string;
  readonly type: string;
  /** The changed properties that cause it (`Type` when the resource type changes). */
  readonly properties: readonly string[];
  /** false: the specification says the change replaces the resource only in some cases (MAY_REPLACE). */
  readonly certain: boolean;
}

const REPLACING: ReadonlySet<ResourceImpact> = new Set([ResourceImpact.WILL_REPLACE, ResourceImpact.MAY_REPLACE]);

/** The resources present in both templates under the same logical ID that a deploy would replace, by ID. */
export function replacementsByProperty(deployed: JsonObject, local: JsonObject): PropertyReplacement[] {
  const resourcesOf = (t: JsonObject): JsonObject => (isObject(t['Resources']) ? t['Resources'] : {});
  const diff = fullDiff({ Resources: resourcesOf(deployed) }, { Resources: resourcesOf(local) });
  const out: PropertyReplacement[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    if (!change.isUpdate || !REPLACING.has(change.changeImpact)) return;
    const properties = change.resourceTypeChanged
      ? ['Type']
      : Object.entries(change.propertyUpdates)
          .filter(([, update]) => update.changeImpact !== undefined && REPLACING.has(update.changeImpact))
          .map(([name]) => name)
          .sort();
    out.push({ logicalId, type: change.newResourceType ?? change.oldResourceType ?? '?', properties, certain: change.changeImpact === ResourceImpact.WILL_REPLACE });
  });
  return out.sort((a, b) => (a.logicalId < b.logicalId ? -1 : a.logicalId > b.logicalId ? 1 : 0));
}
