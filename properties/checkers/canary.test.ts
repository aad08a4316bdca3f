import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { UsageError } from '../../protocol/errors.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { type CanaryForm, CANARY_PREFIX, canaryPatterns, canaryViolations, makeCanary, scanForCanaries } from './canary.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const canaryArb = fc.array(fc.constantFrom(...BASE32), { minLength: 20, maxLength: 20 }).map((cs) => CANARY_PREFIX + cs.join(''));
const noise = (max: number) => fc.uint8Array({ maxLength: max });

/** Embeds `canary` between noise bytes and encodes the whole in `form`, itself between raw noise. */
function embed(canary: string, form: CanaryForm, before: Uint8Array, after: Uint8Array, outer: Uint8Array): Uint8Array {
  const inner = Buffer.concat([before, Buffer.from(canary), after]);
  const encoded: Record<CanaryForm, Buffer> = {
    raw: inner,
    'hex-lower': Buffer.from(inner.toString('hex')),
    'hex-upper': Buffer.from(inner.toString('hex').toUpperCase()),
    base64: Buffer.from(inner.toString('base64')),
    base64url: Buffer.from(inner.toString('base64url')),
  };
  return Buffer.concat([outer, encoded[form], outer]);
}

describe('canaries', () => {
  test('makeCanary: CANARY- and 20 base32 characters, reproducible from the seed', () => {
    const a = makeCanary(createDrbg(7).fork('canary'));
    expect(a).toMatch(/^CANARY-[A-Z2-7]{20}$/);
    expect(makeCanary(createDrbg(7).fork('canary'))).toBe(a);
    expect(makeCanary(createDrbg(8).fork('canary'))).not.toBe(a);
  });

  test.prop([canaryArb, fc.constantFrom<CanaryForm>('raw', 'hex-lower', 'hex-upper', 'base64', 'base64url'), noise(7), noise(40), noise(40)], { numRuns: 200 })(
    'SEC-SERVER-BLIND: a canary is found in raw, hex and base64 form at every alignment',
    (canary, form, before, after, outer) => {
      const hits = scanForCanaries([{ label: 'blob', bytes: embed(canary, form, before, after, outer) }], [canary]);
      const expected = form === 'base64url' ? ['base64', 'base64url'] : [form];
      expect(hits.some((h) => h.canary === canary && h.label === 'blob' && expected.includes(h.form))).toBe(true);
    },
  );

  test('base64 is found at each of the three alignments explicitly', () => {
    const canary = makeCanary(createDrbg(1));
    for (let align = 0; align < 3; align++) {
      const bytes = Buffer.from(Buffer.concat([Buffer.alloc(align, 0x41), Buffer.from(canary)]).toString('base64'));
      expect(scanForCanaries([{ label: `a${align}`, bytes }], [canary]).map((h) => h.form)).toEqual(['base64']);
    }
  });

  test.prop([canaryArb, noise(4096)], { numRuns: 100 })('a canary that is absent is not found, in any encoding of the noise', (canary, bytes) => {
    const b = Buffer.from(bytes);
    const haystacks = [b, Buffer.from(b.toString('hex')), Buffer.from(b.toString('hex').toUpperCase()), Buffer.from(b.toString('base64')), Buffer.from(b.toString('base64url'))];
    expect(
      scanForCanaries(
        haystacks.map((h, i) => ({ label: `h${i}`, bytes: h })),
        [canary],
      ),
    ).toEqual([]);
  });

  test('SEC-SERVER-BLIND: many canaries over megabytes: finds exactly the planted ones, with label and offset', () => {
    const rng = createDrbg('scan');
    const canaries = Array.from({ length: 300 }, () => makeCanary(rng));
    const big = rng.bytes(1 << 20);
    const planted = Buffer.concat([big, Buffer.from(canaries[5] ?? ''), big, Buffer.from(Buffer.from(canaries[9] ?? '').toString('hex'))]);
    const hits = scanForCanaries(
      [
        { label: 'clean', bytes: rng.bytes(1 << 20) },
        { label: 'dirty', bytes: planted },
      ],
      canaries,
    );
    expect(hits).toEqual([
      { canary: canaries[5], label: 'dirty', form: 'raw', offset: 1 << 20 },
      { canary: canaries[9], label: 'dirty', form: 'hex-lower', offset: (2 << 20) + 27 },
    ]);
    expect(canaryViolations(hits, 'SEC-SERVER-BLIND').map((v) => v.property)).toEqual(['SEC-SERVER-BLIND', 'SEC-SERVER-BLIND']);
  });

  test('patterns cover every form (base64url only where it differs); short tokens are refused', () => {
    const forms = (c: string) => new Set(canaryPatterns(c).map((p) => p.form));
    expect(forms('CANARY-~~~~~~~~~~~~~~~~~~~~')).toEqual(new Set(['raw', 'hex-lower', 'hex-upper', 'base64', 'base64url']));
    expect(forms('CANARY-AAAAAAAAAAAAAAAAAAAA')).toEqual(new Set(['raw', 'hex-lower', 'hex-upper', 'base64']));
    expect(canaryPatterns('CANARY-AAAAAAAAAAAAAAAAAAAA').filter((p) => p.form === 'base64')).toHaveLength(3);
    expect(() => canaryPatterns('CANARY-X')).toThrow(UsageError);
  });
});
