/**
 * What the commands share: argument parsing, exit codes and errors, and output that is coloured on a
 * terminal and plain when piped (or with NO_COLOR). Every command loads this module (and `--help` and
 * `--version` only this one and ../cli/index), so it imports no library code: reading a template is
 * ./template, expanding it ./expandTemplate.
 */
import { parseArgs } from 'node:util';
import { version } from '../package.json';

/** The package's version (`--version`, SARIF's tool version). */
export const VERSION: string = version;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => string;
  /** Whether stdout is a terminal (colour and tables). Default: no. */
  readonly isTty?: boolean;
  /** The process environment (NO_COLOR, AWS_*). Default: none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Waits between polls (`run --wait`, `logs --follow`). Default: a real timer; tests pass their own. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The current time in ms (elapsed times, durations of running runs). Default: Date.now. */
  readonly now?: () => number;
}

/** Exit codes of every command. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface OptionSpec {
  /** Options that take a value (`--count 3`), with their names. */
  readonly values: readonly string[];
  /** Options that repeat (`--param A=1 --param B=2`). */
  readonly repeated?: readonly string[];
  /** Options that take no value (`--wait`). */
  readonly flags?: readonly string[];
}

export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly repeated: Readonly<Record<string, readonly string[]>>;
  readonly flags: readonly string[];
}

/**
 * `--name value` and `--name=value`, parsed by `node:util`'s parseArgs; an option not in `spec` (or a flag
 * given a value, or `--`) is a usage error that shows the option as written.
 */
export function parseOptions(args: readonly string[], spec: OptionSpec): ParsedArgs {
  const declared: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const name of spec.values) declared[name.slice(2)] = { type: 'string' };
  for (const name of spec.repeated ?? []) declared[name.slice(2)] = { type: 'string', multiple: true };
  for (const name of spec.flags ?? []) declared[name.slice(2)] = { type: 'boolean' };
  // Not strict: parseArgs' own errors would word unknown options its way; the tokens are checked here.
  const { tokens } = parseArgs({ args: [...args], options: declared, strict: false, allowPositionals: true, tokens: true });
  const positional: string[] = [];
  const options: Record<string, string> = {};
  const repeated: Record<string, string[]> = {};
  const flags: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positional.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') throw new UsageError('unknown option "--"');
    const name = `--${token.name}`;
    const written = token.inlineValue === true ? `${token.rawName}=${token.value}` : token.rawName;
    const option = token.rawName === name && Object.hasOwn(declared, token.name) ? declared[token.name] : undefined;
    if (option === undefined || (option.type === 'boolean' && token.inlineValue === true)) throw new UsageError(`unknown option "${written}"`);
    if (option.type === 'boolean') flags.push(name);
    else if (token.value === undefined) throw new UsageError(`${name} needs a value`);
    else if (option.multiple === true) (repeated[name] ??= []).push(token.value);
    else options[name] = token.value;
  }
  return { positional, options, repeated, flags };
}

export function formatOption(value: string | undefined): 'text' | 'json' {
  if (value === undefined || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new UsageError(`--format takes text or json, got "${value}"`);
}

export function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${name} takes a positive whole number, got "${value}"`);
  return Number(value);
}

/** `--now ISO` (for reproducible output), or the clock. */
export function nowOption(value: string | undefined, io: CliIo): number {
  if (value === undefined) return io.now?.() ?? Date.now();
  const now = Date.parse(value);
  if (Number.isNaN(now) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new UsageError(`--now takes an ISO 8601 time with a zone, e.g. 2027-03-27T12:00:00Z, got "${value}"`);
  }
  return now;
}

/** Parameter values given with `--param Name=Value`. */
export function paramsOf(values: readonly string[] | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    if (eq < 1) throw new UsageError(`--param takes Name=Value, got "${value}"`);
    params[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return params;
}

/** A template that could not be used, with the exit code to give: 1 for bad content, 2 for a bad path. */
export class TemplateLoadError extends Error {
  override readonly name = 'TemplateLoadError';
  constructor(
    message: string,
    readonly exitCode: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** ANSI styling, applied only on a terminal and without NO_COLOR (https://no-color.org). */
export interface Style {
  readonly bold: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly dim: (text: string) => string;
}

export function styleFor(io: CliIo): Style {
  const noColor = io.env?.['NO_COLOR'];
  const on = io.isTty === true && (noColor === undefined || noColor === '');
  const wrap = (code: number, reset: number) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[${reset}m` : text);
  return { bold: wrap(1, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), dim: wrap(2, 22) };
}

/** Left-aligned columns separated by two spaces. */
export function table(rows: ReadonlyArray<readonly string[]>): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}
