/**
 * The Lambda entry point CloudFormation calls for `Transform: EcsBatchScheduler`. A thin adapter: event in,
 * macro response out. It never throws: CloudFormation turns a thrown error or a malformed response into
 * "Received malformed response from transform", which tells the user nothing.
 */
import { expand, formatIssues } from '../src';
import { isObject, type JsonObject } from '../src/json';

/** What CloudFormation sends a macro (see FIELD_NOTES §1). Typed loosely: it is validated, not trusted. */
export interface MacroEvent {
  readonly region?: string;
  readonly accountId?: string;
  readonly fragment?: unknown;
  readonly transformId?: string;
  readonly params?: unknown;
  readonly requestId?: string;
  readonly templateParameterValues?: unknown;
}

export type MacroResponse =
  | { readonly requestId: string; readonly status: 'success'; readonly fragment: JsonObject }
  | { readonly requestId: string; readonly status: 'failure'; readonly fragment: unknown; readonly errorMessage: string };

export interface Logger {
  error(message: string, details?: unknown): void;
  info(message: string, details?: unknown): void;
}

const consoleLogger: Logger = {
  error: (message, details) => {
    console.error(JSON.stringify({ level: 'ERROR', message, details }));
  },
  info: (message, details) => {
    console.log(JSON.stringify({ level: 'INFO', message, details }));
  },
};

export function handleMacroEvent(event: unknown, logger: Logger = consoleLogger): MacroResponse {
  const requestId = isObject(event) && typeof event['requestId'] === 'string' ? event['requestId'] : '';
  const fragment = isObject(event) ? event['fragment'] : undefined;
  try {
    if (!isObject(event)) {
      return { requestId, status: 'failure', fragment, errorMessage: 'EcsBatchScheduler: the macro request is not a JSON object' };
    }
    const result = expand({ fragment, templateParameterValues: event['templateParameterValues'] });
    if (result.status === 'success') return { requestId, status: 'success', fragment: result.value };
    const errorMessage = formatIssues(result.issues);
    logger.info('template rejected', { requestId, errorMessage });
    return { requestId, status: 'failure', fragment, errorMessage };
  } catch (error) {
    // A bug, not a user error: log the stack for us, tell the user it is ours and how to find it.
    logger.error('internal error', { requestId, error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
    return {
      requestId,
      status: 'failure',
      fragment,
      errorMessage: `EcsBatchScheduler: internal error while expanding the template (request ${requestId || 'without id'}); the macro's log has the details. Please report it.`,
    };
  }
}

/** Lambda handler (`dist/macro/index.js` exports it). */
export function handler(event: unknown): Promise<MacroResponse> {
  return Promise.resolve(handleMacroEvent(event));
}
