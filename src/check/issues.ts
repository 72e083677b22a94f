/**
 * The one way issues are collected. Every check reports through a `Report` bound to the resource it checks
 * (or to the template, with logical ID ''); the orchestrator owns one collector per expansion and decides,
 * by its count, whether anything may be rendered.
 */
import type { Issue } from '../errors';

/** Reports one issue at a property path (dotted, relative to `Properties`, or a resource attribute). */
export type Report = (path: string, message: string) => void;

export class IssueCollector {
  readonly #issues: Issue[] = [];

  /** A report for the resource `logicalId` ('' for the template itself). */
  for(logicalId: string): Report {
    return (path, message) => {
      this.#issues.push({ logicalId, path, message });
    };
  }

  /** How many issues have been reported so far: a check failed when this grew while it ran. */
  get size(): number {
    return this.#issues.length;
  }

  get issues(): readonly Issue[] {
    return this.#issues;
  }
}
