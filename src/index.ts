/** The expansion library: pure functions, no I/O. The Lambda handler and the CLI are thin adapters. */
export { expand, MAX_RESOURCES, MAX_TEMPLATE_BYTES, type ExpandInput } from './expand';
export { formatIssue, formatIssues, normaliseIssues, type Issue, type Result } from './errors';
export { logicalIds, type LogicalIds } from './logicalIds';
export { scheduleExpressionProblem } from './scheduleExpression';
export { SHORTHAND_TYPE, propertiesSchema, scheduleSchema, type ShorthandProperties, type ScheduleSpec } from './schema';
export { INVALID_INPUT_CAUSE, STATE_NAMES, taskStateNames } from './render/stateMachine';
export type { ExecutionInput } from './render/input';
export type { Json, JsonObject } from './json';
