// Opens a rendered sample report in headless Chromium: no console errors, no failed or external requests,
// a real height, a PNG screenshot. A page that breaks those rules must be reported. Skips LOUDLY without Chromium.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { renderSite } from '../render/site.ts';
import { sampleBundle } from '../../test/kits/sampleBundle.ts';
import { findChromium, renderCheck } from './renderCheck.ts';

const chromium = findChromium();
const SKIP_REASON = 'SKIPPED: no Chromium at /usr/bin/chromium — install it with `apt-get install -y chromium` (CI must)';
if (chromium === null) console.warn(`\n${'!'.repeat(78)}\n!! renderCheck.test.ts ${SKIP_REASON}\n${'!'.repeat(78)}\n`);

const dir = mkdtempSync(join(tmpdir(), 'sealroom-render-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(chromium === null)(chromium === null ? `render check (${SKIP_REASON})` : 'render check in headless Chromium', () => {
  test('the sample report renders with no errors and no requests, and a screenshot is saved', async () => {
    for (const f of renderSite([{ name: 'sample', bundle: sampleBundle() }], { includeJson: true })) writeFileSync(join(dir, f.path), f.text);
    const shot = join(dir, 'sample.png');
    const r = await renderCheck(join(dir, 'sample.html'), { executablePath: chromium ?? '', screenshotPath: shot });
    expect(r.consoleErrors).toEqual([]);
    expect(r.pageErrors).toEqual([]);
    expect(r.failedRequests).toEqual([]);
    expect(r.externalRequests).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.title).toBe('Property × variant matrix');
    expect(r.heightPx).toBeGreaterThan(1500);
    expect(r.widthPx).toBeLessThanOrEqual(1280);
    expect(readFileSync(shot).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  test('a page with a script error and an external image is reported, and the request is blocked', async () => {
    const bad = join(dir, 'bad.html');
    writeFileSync(bad, '<!DOCTYPE html><html><head><title>bad</title></head><body><img src="http://127.0.0.1:9/x.png"><script>console.error("boom"); nosuch();</script></body></html>');
    const r = await renderCheck(bad, { executablePath: chromium ?? '' });
    expect(r.ok).toBe(false);
    expect(r.consoleErrors.some((e) => e.includes('boom'))).toBe(true);
    expect(r.pageErrors.some((e) => e.includes('nosuch'))).toBe(true);
    expect(r.externalRequests).toEqual(['http://127.0.0.1:9/x.png']);
  });
});
