/**
 * CloudFormation templates in YAML (with the short-form tags `!Ref`, `!GetAtt`, `!Sub`, …) or JSON, read
 * into the long-form JSON CloudFormation hands to macros. Used by the CLI; the Lambda never sees YAML.
 */
import { parseDocument, stringify, type Tags, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Json } from '../src/json';

const SHORT_FORMS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  FindInMap: 'Fn::FindInMap',
  GetAtt: 'Fn::GetAtt',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  Sub: 'Fn::Sub',
  Transform: 'Fn::Transform',
  And: 'Fn::And',
  Equals: 'Fn::Equals',
  If: 'Fn::If',
  Not: 'Fn::Not',
  Or: 'Fn::Or',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
};

/** `!GetAtt Resource.Attribute` becomes `["Resource", "Attribute"]`, as CloudFormation reads it. */
function scalar(name: string, fn: string, value: string): Json {
  if (name === 'GetAtt') {
    const dot = value.indexOf('.');
    return { [fn]: dot > 0 ? [value.slice(0, dot), value.slice(dot + 1)] : value };
  }
  return { [fn]: value };
}

const customTags: Tags = Object.entries(SHORT_FORMS).flatMap(([name, fn]) => [
  { tag: `!${name}`, resolve: (value: string) => scalar(name, fn, value) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: YAMLSeq) => ({ [fn]: seq.toJSON() as Json }) },
  { tag: `!${name}`, collection: 'map' as const, resolve: (map: YAMLMap) => ({ [fn]: map.toJSON() as Json }) },
]) as unknown as Tags;

export class TemplateSyntaxError extends Error {
  override readonly name = 'TemplateSyntaxError';
  constructor(
    message: string,
    /** Where the first error is (1-based), when the parser knows. */
    readonly position?: { readonly line: number; readonly column: number },
  ) {
    super(message);
  }
}

/** Parses a template's text (JSON is YAML too); throws `TemplateSyntaxError` with line and column. */
export function parseTemplate(text: string): unknown {
  const document = parseDocument(text, { customTags, schema: 'core', uniqueKeys: true, prettyErrors: true });
  const first = document.errors[0];
  if (first) {
    const at = first.linePos?.[0];
    throw new TemplateSyntaxError(first.message, at && { line: at.line, column: at.col });
  }
  try {
    return document.toJS({ maxAliasCount: 1000 }) as unknown;
  } catch (error) {
    // yaml refuses alias expansions that would explode (a "billion laughs" document) with a ReferenceError.
    throw new TemplateSyntaxError(`cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function toYaml(value: unknown): string {
  return stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 });
}
