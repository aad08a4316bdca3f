// Opens a report's HTML file in headless Chromium (Debian's /usr/bin/chromium via playwright-core) and reports
// console errors, page errors, failed or external requests (a report is self-contained: there must be none),
// the rendered page size, and optionally a full-page PNG screenshot. Every non-file request is blocked.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where Debian's `chromium` package puts the browser (`apt-get install -y chromium`). */
const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, offline, sandbox-free headless run (root in a container has no usable sandbox). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] as const;

/** Page load budget: a report is one local file, so this is generous. */
const LOAD_TIMEOUT_MS = 30_000;
/** Viewport width a reviewer's laptop screen would have. */
const VIEWPORT_DEFAULT = { width: 1280, height: 900 } as const;

export interface RenderCheckOptions {
  readonly executablePath?: string;
  /** Save a full-page PNG here. */
  readonly screenshotPath?: string;
  readonly viewport?: { readonly width: number; readonly height: number };
}

export interface RenderCheckResult {
  readonly file: string;
  readonly title: string;
  readonly consoleErrors: readonly string[];
  readonly pageErrors: readonly string[];
  /** Requests that failed (blocked external ones included). */
  readonly failedRequests: readonly string[];
  /** Requests to anything but file: / data: / about: URLs (blocked before they leave the machine). */
  readonly externalRequests: readonly string[];
  readonly widthPx: number;
  readonly heightPx: number;
  readonly screenshotPath: string | null;
  /** True when there were no console errors, page errors, failed or external requests. */
  readonly ok: boolean;
}

/** The Chromium executable to use: `SEALROOM_CHROMIUM` if set, else Debian's path; null when absent. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = env['SEALROOM_CHROMIUM'] ?? DEFAULT_CHROMIUM_PATH;
  return existsSync(path) ? path : null;
}

function isLocal(url: string): boolean {
  return /^(file|data|about|blob):/i.test(url);
}

/** Loads `htmlPath` and reports what went wrong, if anything. Throws if Chromium cannot be launched. */
export async function renderCheck(htmlPath: string, options: RenderCheckOptions = {}): Promise<RenderCheckResult> {
  const file = resolve(htmlPath);
  const userDataDir = await mkdtemp(join(tmpdir(), 'sealroom-chromium-'));
  // Loaded on first use: playwright-core costs about a second to import, and most CLI runs never render.
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: options.executablePath ?? DEFAULT_CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    headless: true,
    viewport: { ...(options.viewport ?? VIEWPORT_DEFAULT) },
    offline: true,
  });
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  const externalRequests: string[] = [];
  try {
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (isLocal(url)) return route.continue();
      externalRequests.push(url);
      return route.abort('blockedbyclient');
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('requestfailed', (r) => failedRequests.push(`${r.url()} (${r.failure()?.errorText ?? 'failed'})`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    const size = await page.evaluate('({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight })');
    const { w, h } = size as { w: number; h: number };
    const title = await page.title();
    if (options.screenshotPath !== undefined) await page.screenshot({ path: options.screenshotPath, fullPage: true });
    const ok = consoleErrors.length === 0 && pageErrors.length === 0 && failedRequests.length === 0 && externalRequests.length === 0;
    return { file, title, consoleErrors, pageErrors, failedRequests, externalRequests, widthPx: w, heightPx: h, screenshotPath: options.screenshotPath ?? null, ok };
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

/** A short human-readable account of a result, one fact per line. */
export function describeRenderCheck(r: RenderCheckResult): string {
  const lines = [
    `${r.ok ? 'OK' : 'PROBLEMS'}: ${r.file}`,
    `  title: ${r.title}`,
    `  rendered size: ${r.widthPx} × ${r.heightPx} px`,
    `  console errors: ${r.consoleErrors.length}`,
    ...r.consoleErrors.map((e) => `    - ${e}`),
    `  page errors: ${r.pageErrors.length}`,
    ...r.pageErrors.map((e) => `    - ${e}`),
    `  failed requests: ${r.failedRequests.length}`,
    ...r.failedRequests.map((e) => `    - ${e}`),
    `  external requests (blocked): ${r.externalRequests.length}`,
    ...r.externalRequests.map((e) => `    - ${e}`),
  ];
  if (r.screenshotPath !== null) lines.push(`  screenshot: ${r.screenshotPath}`);
  return lines.join('\n');
}
