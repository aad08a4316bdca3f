// Reading and writing report directories: load the report-bundle JSON files of a directory (strictly checked),
// and write a rendered site (Markdown, HTML, SVG, index). `sealroom run` and friends call writeReports.

import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { looksLikeBundle, parseBundle, type ReportBundle } from '../reports/render/bundle.ts';
import { SchemaError } from '../reports/render/schema.ts';
import { INDEX_NAME, isSafeStem, renderSite, type SiteBundle } from '../reports/render/site.ts';
import { CliInputError } from './exitCodes.ts';
import { type MetaLine, withRunMeta } from './runMeta.ts';

/** Largest bundle file read: a report, not a raw trace (those are listed, never parsed). */
const BUNDLE_FILE_BYTES_MAX = 64 * 1024 * 1024;
/** Most files in a report directory that are looked at. */
const DIR_ENTRIES_MAX = 10_000;

export interface ReportDir {
  readonly bundles: readonly SiteBundle[];
  /** Non-bundle .json / .jsonl files, listed on the index. */
  readonly otherFiles: readonly string[];
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads every `*.json` in `dir`; bundles are checked against the schema. Throws CliInputError naming the file. */
export async function loadReportDir(dir: string): Promise<ReportDir> {
  const info = await stat(dir).catch(() => null);
  if (info === null || !info.isDirectory()) throw new CliInputError(`not a directory: ${dir}`);
  const names = (await readdir(dir)).sort(byName);
  if (names.length > DIR_ENTRIES_MAX) throw new CliInputError(`${dir}: more than ${DIR_ENTRIES_MAX} entries`);
  const bundles: SiteBundle[] = [];
  const otherFiles: string[] = [];
  for (const name of names) {
    if (name.endsWith('.jsonl')) otherFiles.push(name);
    if (!name.endsWith('.json')) continue;
    const bundle = await readBundleFile(join(dir, name));
    if (bundle === null) {
      otherFiles.push(name);
      continue;
    }
    const stem = name.slice(0, -'.json'.length);
    if (!isSafeStem(stem)) throw new CliInputError(`${join(dir, name)}: a report file name may use only letters, digits, '.', '_' and '-'`);
    bundles.push({ name: stem, bundle });
  }
  return { bundles, otherFiles };
}

/** The bundle in `file`, or null when the file is JSON but not a report bundle. */
export async function readBundleFile(file: string): Promise<ReportBundle | null> {
  const info = await stat(file);
  if (info.size > BUNDLE_FILE_BYTES_MAX) return null;
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new CliInputError(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!looksLikeBundle(value)) return null;
  try {
    return parseBundle(value);
  } catch (e) {
    if (e instanceof SchemaError) throw new CliInputError(`${file}: at ${e.path}: expected ${e.expected}, found ${e.found}`);
    throw e;
  }
}

export interface WrittenSite {
  /** Paths written, relative to the output directory, in write order. */
  readonly files: readonly string[];
  readonly indexHtml: string;
}

/** Renders the site for `reports` into `outDir` (created if missing). */
export async function writeSite(outDir: string, reports: ReportDir, includeJson: boolean, footer?: string): Promise<WrittenSite> {
  await mkdir(outDir, { recursive: true });
  const files = renderSite(reports.bundles, { otherFiles: reports.otherFiles, includeJson, ...(footer === undefined ? {} : { footer }) });
  for (const f of files) await writeFile(join(outDir, f.path), f.text, 'utf8');
  return { files: files.map((f) => f.path), indexHtml: join(outDir, `${INDEX_NAME}.html`) };
}

/**
 * For report producers (`sealroom run`, `sim`, `check`, `merge`, `scenario`): writes each bundle as `NAME.json`
 * into `outDir`, with the run's metadata (runMeta.ts) added to its meta, then renders the whole directory (bundles already there included) and returns the index path.
 */
export async function writeReports(outDir: string, bundles: readonly SiteBundle[], footer?: string, meta: readonly MetaLine[] = []): Promise<WrittenSite> {
  await mkdir(outDir, { recursive: true });
  for (const { name, bundle } of bundles) {
    if (!isSafeStem(name)) throw new TypeError(`unsafe report name: ${JSON.stringify(name)}`);
    const withMeta = meta.length === 0 ? bundle : withRunMeta(bundle, meta);
    await writeFile(join(outDir, `${name}.json`), `${JSON.stringify(parseBundle(withMeta), null, 2)}\n`, 'utf8');
  }
  return writeSite(outDir, await loadReportDir(outDir), false, footer);
}

/** True when two paths name the same directory (so bundle JSON is not rewritten in place). */
export function sameDir(a: string, b: string): boolean {
  return relative(resolve(a), resolve(b)) === '';
}
