/**
 * Reading CloudFormation/SAM templates in tests: the YAML short-form intrinsic tags (`!Ref`,
 * `!Sub`, `!GetAtt`, `!If` …) parsed into their long JSON forms (`{ Ref: … }`,
 * `{ 'Fn::Sub': … }`), and a small evaluator that resolves them against parameter values the
 * way CloudFormation would, so tests can check what a deployment actually gets.
 */
import { readFileSync } from 'node:fs';
import { parse, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';

const FUNCTIONS = [
  'And',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'Select',
  'Split',
  'Sub',
];

/** `!GetAtt A.B` is shorthand for `{ 'Fn::GetAtt': ['A', 'B'] }`. */
const getAtt = (text: string): unknown => {
  const dot = text.indexOf('.');
  return { 'Fn::GetAtt': [text.slice(0, dot), text.slice(dot + 1)] };
};

/** A short-form tag may stand before a scalar (`!Ref X`), a sequence (`!If [...]`) or a map. */
const tagsFor = (
  tag: string,
  wrap: (value: unknown) => unknown,
): Array<ScalarTag | CollectionTag> => [
  { tag, resolve: (value: string) => wrap(value) },
  {
    tag,
    collection: 'seq',
    resolve: (value: YAMLMap.Parsed | YAMLSeq.Parsed) => wrap(value.toJSON()),
  },
  {
    tag,
    collection: 'map',
    resolve: (value: YAMLMap.Parsed | YAMLSeq.Parsed) => wrap(value.toJSON()),
  },
];

const CLOUDFORMATION_TAGS = [
  ...tagsFor('!Ref', (value) => ({ Ref: value })),
  ...tagsFor('!Condition', (value) => ({ Condition: value })),
  ...tagsFor('!GetAtt', (value) =>
    typeof value === 'string' ? getAtt(value) : { 'Fn::GetAtt': value },
  ),
  ...FUNCTIONS.flatMap((name) => tagsFor(`!${name}`, (value) => ({ [`Fn::${name}`]: value }))),
];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A template file as JSON, intrinsic functions in their long form. */
export function readTemplate(file: string): Record<string, Json> {
  return parse(readFileSync(file, 'utf8'), { customTags: CLOUDFORMATION_TAGS }) as Record<
    string,
    Json
  >;
}

/** What CloudFormation knows when it resolves a template. */
export interface Deployment {
  parameters: Record<string, string>;
  /** `Ref` of a resource (its physical id or ARN, depending on the type). */
  refs: Record<string, string>;
  /** `Fn::GetAtt` values, keyed `Resource.Attribute`. */
  attributes: Record<string, string>;
  region?: string;
  accountId?: string;
  stackName?: string;
}

/** Removed from the list or map that holds it, as `!Ref AWS::NoValue` is. */
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Resolves the intrinsic functions of `value` (parameters at their given value, else their
 * Default) the way CloudFormation would. Example: `{ 'Fn::Sub': 'arn:${AWS::Partition}:x' }`
 * → `'arn:aws:x'`. Dynamic references (`{{resolve:…}}`) are left as they are.
 */
export function resolveIntrinsics(
  template: Record<string, Json>,
  deployment: Deployment,
  value: Json,
): Json {
  const declared = (template.Parameters ?? {}) as Record<string, { Default?: Json }>;
  const pseudo: Record<string, string> = {
    'AWS::Region': deployment.region ?? 'us-east-1',
    'AWS::AccountId': deployment.accountId ?? '111122223333',
    'AWS::StackName': deployment.stackName ?? 'trailhound',
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const ref = (name: string): string => {
    const found =
      pseudo[name] ??
      deployment.parameters[name] ??
      (declared[name]?.Default !== undefined ? String(declared[name]?.Default) : undefined) ??
      deployment.refs[name];
    if (found === undefined) throw new Error(`no value for Ref ${name}`);
    return found;
  };
  const attribute = (name: string): string => {
    const found = deployment.attributes[name];
    if (found === undefined) throw new Error(`no value for GetAtt ${name}`);
    return found;
  };
  const conditions = (template.Conditions ?? {}) as Record<string, Json>;
  const condition = (name: string): boolean => {
    const definition = conditions[name];
    if (definition === undefined) throw new Error(`no condition ${name}`);
    return resolve(definition) === true;
  };
  const sub = (text: string): string =>
    text.replace(/\$\{(!?)([^}]+)\}/g, (_, literal: string, name: string) => {
      if (literal === '!') return `\${${name}}`;
      return name.includes('.') && !name.startsWith('AWS::') ? attribute(name) : ref(name);
    });

  function resolve(node: Json): Json {
    if (Array.isArray(node)) {
      return node.map(resolve).filter((item) => (item as unknown) !== NO_VALUE);
    }
    if (node === null || typeof node !== 'object') return node;
    const [key, arg] = Object.entries(node)[0] ?? [];
    switch (key) {
      case 'Ref':
        return arg === 'AWS::NoValue' ? (NO_VALUE as unknown as Json) : ref(String(arg));
      case 'Fn::GetAtt':
        return attribute((arg as string[]).join('.'));
      case 'Fn::Sub':
        return sub(String(Array.isArray(arg) ? arg[0] : arg));
      case 'Fn::If': {
        const [name, yes, no] = arg as [string, Json, Json];
        return resolve(condition(name) ? yes : no);
      }
      case 'Fn::Not':
        return !(resolve((arg as Json[])[0] as Json) === true);
      case 'Fn::Equals': {
        const [a, b] = (arg as Json[]).map(resolve);
        return a === b;
      }
      case 'Fn::Join': {
        const [separator, items] = arg as [string, Json[]];
        return (resolve(items) as Json[]).join(separator);
      }
      case 'Condition':
        return condition(String(arg));
    }
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(node)) {
      const resolved = resolve(v);
      if ((resolved as unknown) !== NO_VALUE) out[k] = resolved;
    }
    return out;
  }
  return resolve(value);
}
