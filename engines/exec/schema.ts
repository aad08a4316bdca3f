// The engine protocol's JSON Schema (engine-protocol.schema.json) compiled once: each method's params
// and result checked on both sides of the pipe, with a message that names the field, the place and
// what was found.
import { createRequire } from 'node:module';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Method } from './wire.ts';

const schema = createRequire(import.meta.url)('./engine-protocol.schema.json') as { $id: string };

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
let ajv: InstanceType<typeof Ajv2020> | undefined;
const compiled = new Map<string, ValidateFunction>();

/**
 * base64 is checked in two linear steps: the alphabet by the schema's pattern, the length (a multiple
 * of 4) by this keyword. One pattern for both repeats a group per 4 characters, which overflows the
 * regular-expression stack on a field of a few megabytes.
 */
function withBase64Length(a: InstanceType<typeof Ajv2020>): InstanceType<typeof Ajv2020> {
  a.addKeyword({ keyword: 'base64Length', type: 'string', schemaType: 'boolean', errors: false, validate: (on: boolean, data: string) => !on || data.length % 4 === 0 });
  return a;
}

function validator(def: string): ValidateFunction {
  const known = compiled.get(def);
  if (known !== undefined) return known;
  ajv ??= withBase64Length(new Ajv2020({ strict: true, allErrors: false }));
  if (ajv.getSchema(schema.$id) === undefined) ajv.addSchema(schema);
  const got = ajv.getSchema(`${schema.$id}#/$defs/${def}`);
  if (got === undefined) throw new RangeError(`engine protocol schema has no definition ${def}`);
  compiled.set(def, got);
  return got;
}

const shown = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

function valueAt(root: unknown, pointer: string): unknown {
  let at = root;
  for (const part of pointer.split('/').slice(1)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return at;
}

function describe(where: string, root: unknown, e: ErrorObject): string {
  const path = `${where}${e.instancePath.replace(/\//g, '.')}`;
  if (e.keyword === 'required') return `${path}.${String((e.params as { missingProperty: string }).missingProperty)}: missing`;
  if (e.keyword === 'additionalProperties') return `${path}.${String((e.params as { additionalProperty: string }).additionalProperty)}: not a field of this message`;
  return `${path}: ${e.message ?? 'invalid'}, found ${shown(valueAt(root, e.instancePath))}`;
}

/** Undefined when `value` is a valid `def` (a $defs name of the schema), else what is wrong, naming the field under `where`. */
export function schemaProblem(def: string, value: unknown, where: string): string | undefined {
  const v = validator(def);
  if (v(value)) return undefined;
  const first = v.errors?.[0];
  return first === undefined ? `${where}: invalid` : describe(where, value, first);
}

export const paramsProblem = (method: Method, params: unknown): string | undefined => schemaProblem(`${method}.params`, params, 'params');

export const resultProblem = (method: Method, result: unknown): string | undefined => schemaProblem(`${method}.result`, result, 'result');
