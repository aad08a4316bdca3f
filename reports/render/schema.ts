// A tiny declarative schema for the JSON that report producers write, with a strict checker that names the
// JSON path and what was expected, and an export to JSON Schema (draft 2020-12) for producers' tooling.

export type Schema =
  | { readonly t: 'string'; readonly maxLength: number }
  | { readonly t: 'number' }
  | { readonly t: 'boolean' }
  | { readonly t: 'literal'; readonly values: readonly (string | number)[] }
  | { readonly t: 'array'; readonly of: Schema; readonly maxItems: number }
  | { readonly t: 'object'; readonly required: Readonly<Record<string, Schema>>; readonly optional?: Readonly<Record<string, Schema>> }
  | { readonly t: 'nullable'; readonly of: Schema }
  | { readonly t: 'tagged'; readonly tag: string; readonly cases: Readonly<Record<string, Schema>> }
  | { readonly t: 'anyOf'; readonly of: readonly Schema[]; readonly expected: string };

/** Input that does not match its schema: where (a JSON path such as `$.sections[2].chart`) and what was expected. */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${path}: expected ${expected}, found ${found}`);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function key(path: string, k: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
}

/** Throws SchemaError at the first place `value` breaks `schema`. */
export function checkSchema(schema: Schema, value: unknown, path = '$'): void {
  switch (schema.t) {
    case 'string':
      if (typeof value !== 'string') throw new SchemaError(path, 'a string', describe(value));
      if (value.length > schema.maxLength) throw new SchemaError(path, `at most ${schema.maxLength} characters`, `${value.length}`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new SchemaError(path, 'a finite number', describe(value));
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw new SchemaError(path, 'true or false', describe(value));
      return;
    case 'literal':
      if (!schema.values.includes(value as string | number)) throw new SchemaError(path, `one of ${schema.values.map((v) => JSON.stringify(v)).join(', ')}`, describe(value));
      return;
    case 'array':
      if (!Array.isArray(value)) throw new SchemaError(path, 'an array', describe(value));
      if (value.length > schema.maxItems) throw new SchemaError(path, `at most ${schema.maxItems} items`, `${value.length}`);
      value.forEach((item, i) => checkSchema(schema.of, item, `${path}[${i}]`));
      return;
    case 'object':
      return checkObject(schema, value, path);
    case 'nullable':
      if (value !== null) checkSchema(schema.of, value, path);
      return;
    case 'tagged':
      return checkTagged(schema, value, path);
    case 'anyOf':
      if (!schema.of.some((s) => matches(s, value, path))) throw new SchemaError(path, schema.expected, describe(value));
      return;
  }
}

function matches(schema: Schema, value: unknown, path: string): boolean {
  try {
    checkSchema(schema, value, path);
    return true;
  } catch (e) {
    if (e instanceof SchemaError) return false;
    throw e;
  }
}

function checkObject(schema: Extract<Schema, { t: 'object' }>, value: unknown, path: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SchemaError(path, 'an object', describe(value));
  const record = value as Record<string, unknown>;
  const optional = schema.optional ?? {};
  for (const [k, s] of Object.entries(schema.required)) {
    if (!Object.hasOwn(record, k)) throw new SchemaError(key(path, k), 'a value (required)', 'nothing');
    checkSchema(s, record[k], key(path, k));
  }
  for (const [k, v] of Object.entries(record)) {
    if (Object.hasOwn(schema.required, k)) continue;
    const s = Object.hasOwn(optional, k) ? optional[k] : undefined;
    if (s === undefined) {
      const known = [...Object.keys(schema.required), ...Object.keys(optional)].join(', ');
      throw new SchemaError(key(path, k), `no such field (known: ${known})`, describe(v));
    }
    checkSchema(s, v, key(path, k));
  }
}

function checkTagged(schema: Extract<Schema, { t: 'tagged' }>, value: unknown, path: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SchemaError(path, 'an object', describe(value));
  const tag = (value as Record<string, unknown>)[schema.tag];
  const tags = Object.keys(schema.cases);
  const chosen = typeof tag === 'string' && Object.hasOwn(schema.cases, tag) ? schema.cases[tag] : undefined;
  if (chosen === undefined) throw new SchemaError(key(path, schema.tag), `one of ${tags.map((t) => JSON.stringify(t)).join(', ')}`, describe(tag));
  checkSchema(chosen, value, path);
}

/** The same schema as a JSON Schema document fragment. */
export function toJsonSchema(schema: Schema): Record<string, unknown> {
  switch (schema.t) {
    case 'string':
      return { type: 'string', maxLength: schema.maxLength };
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'literal':
      return { enum: [...schema.values] };
    case 'array':
      return { type: 'array', items: toJsonSchema(schema.of), maxItems: schema.maxItems };
    case 'object': {
      const properties: Record<string, unknown> = {};
      for (const [k, s] of [...Object.entries(schema.required), ...Object.entries(schema.optional ?? {})]) properties[k] = toJsonSchema(s);
      return { type: 'object', properties, required: Object.keys(schema.required), additionalProperties: false };
    }
    case 'nullable':
      return { anyOf: [toJsonSchema(schema.of), { type: 'null' }] };
    case 'tagged':
      return { oneOf: Object.values(schema.cases).map(toJsonSchema) };
    case 'anyOf':
      return { anyOf: schema.of.map(toJsonSchema), description: schema.expected };
  }
}
