/** The expansion library: pure functions, no I/O. The Lambda handler and the CLI are thin adapters. */
export { expand } from './expand';
export { formatIssue, formatIssues, normaliseIssues, type Result } from './errors';
export { SHORTHAND_TYPE } from './schema';
