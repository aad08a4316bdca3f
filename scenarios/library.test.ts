// The attack scenario library (docs/scenario-language.md): every file in
// scenarios/library/ loads, replays from its seed (DET-REPLAY) and meets the verdicts it expects;
// each scenario also proves it exercised the attack it is named after, so none passes vacuously.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadScenarioFile } from './load.ts';
import { viewOf } from '../sim/log/view.ts';
import { runScenario, type ScenarioResult } from './run.ts';
import { PROPERTY_IDS, type PropertyId, type Scenario } from './types.ts';

const LIBRARY = fileURLToPath(new URL('./library/', import.meta.url));
/** One scenario runs twice (DET-REPLAY) in about 0.5–4 s; the slowest must still fit. */
const SCENARIO_TIMEOUT_MS = 60_000;
const MIN_LIBRARY_SIZE = 15;

interface Entry {
  readonly file: string;
  readonly name: string;
  readonly scenario: Scenario;
}

const entries: Entry[] = readdirSync(LIBRARY)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => {
    const scenario = loadScenarioFile(join(LIBRARY, file));
    return { file, name: scenario.name, scenario };
  });

/** What each scenario must have exercised (property → `exercised` entries of its judgement). */
const EXERCISES: Readonly<Record<string, Partial<Record<PropertyId, readonly string[]>>>> = {
  'bit-flipping': { 'SEC-INTEGRITY': ['refused INVALID_MESSAGE'] },
  'bit-flipping-advance-on-failure': { 'SEC-INTEGRITY': ['refused INVALID_MESSAGE'] },
  'counter-jump-over-limit': { 'SEC-INTEGRITY': ['refused TOO_FAR_IN_FUTURE'] },
  'counter-jump-under-limit': { 'SEC-INTEGRITY': ['refused INVALID_MESSAGE'] },
  'forged-message-by-server': { 'SEC-INTEGRITY': ['refused UNTRUSTED_IDENTITY'], 'SEC-MITM': ['key change raised'] },
  'identity-change-queued-messages': { 'SEC-MITM': ['key change raised'], 'SEC-INTEGRITY': ['refused UNTRUSTED_IDENTITY'] },
  'prekey-substitution-known-contact': { 'SEC-MITM': ['key change raised', 'message held back by a key change'] },
  'identity-change-queued-messages-silent-key-change': { 'SEC-MITM': ['plaintext encrypted to a substituted key'] },
  'lossy-network-retries': { 'LIVE-DELIVERY': ['messages lost on the network', 'duplicates on the network', 'reordering on the network'] },
  'offline-recipient-back-within-ttl': { 'SEC-RETENTION': ['seizure after delivery'] },
  'one-time-prekey-reuse': { 'SEC-INTEGRITY': ['refused ONE_TIME_PREKEY_REUSED'] },
  'phone-seized-after-view': { 'SEC-EVAPORATE': ['phone seized after a view'] },
  'phone-stolen-then-healing': { 'SEC-PCS': ['phone stolen, then two ratchet round trips'], 'SEC-FS': ['phone seized after messages were decrypted'] },
  'phone-stolen-then-healing-no-ratchet': { 'SEC-PCS': ['phone stolen, then two ratchet round trips'], 'SEC-FS': ['phone seized after messages were decrypted'] },
  'pq-harvest-now-decrypt-later': { 'SEC-PQ': ['PQXDH session'], 'SEC-SERVER-BLIND': ['curious server', 'server seized'] },
  'pq-kem-ciphertext-tampered': { 'SEC-INTEGRITY': ['refused INVALID_MESSAGE'], 'SEC-PQ': ['PQXDH session'] },
  'prekey-substitution-first-contact-unverified': { 'SEC-MITM': ['plaintext encrypted to a substituted key'] },
  'prekey-substitution-first-contact-verified': { 'SEC-MITM': ['message held back by a key change'], 'SEC-INTEGRITY': ['refused UNTRUSTED_IDENTITY'] },
  'replay-first-message': { 'SEC-INTEGRITY': ['refused DUPLICATE_MESSAGE'] },
  'relabelled-first-message': { 'SEC-INTEGRITY': ["envelope delivered under another sender's name", 'refused INVALID_MESSAGE'] },
  'replayed-setup-mangled-base-key': { 'SEC-INTEGRITY': ['setup that spent no one-time prekey replayed with a mangled base key', 'refused BAD_PUBLIC_KEY'] },
  'replayed-setup-mangled-base-key-no-setup-replay-check': { 'SEC-INTEGRITY': ['setup that spent no one-time prekey replayed with a mangled base key'] },
  'relabelled-first-message-unbound-sender-ids': { 'SEC-INTEGRITY': ["envelope delivered under another sender's name"] },
  'server-keeps-forever': { 'SEC-RETENTION': ['seizure after delivery'] },
  'server-lies-about-deletion': { 'SEC-SERVER-BLIND': ['malicious server', 'server seized'] },
  'server-seized-with-at-rest-keys-curious': { 'SEC-SERVER-BLIND': ['curious server', 'server seized'], 'SEC-WARRANT': ['seizure'] },
  'server-seized-with-at-rest-keys-honest': { 'SEC-SERVER-BLIND': ['server seized'], 'SEC-WARRANT': ['seizure'], 'SEC-RETENTION': ['seizure after delivery'] },
  'server-seizure-unreported': { 'SEC-WARRANT': ['seizure'] },
  'timer-evaporation-then-seizure': { 'SEC-EVAPORATE': ['phone seized after a view'], 'SEC-FS': ['phone seized after messages were decrypted'] },
  'warrant-gag-comply-silently': { 'SEC-WARRANT': ['warrant under a gag'] },
  'warrant-gag-late-notification': { 'SEC-WARRANT': ['warrant under a gag'] },
};

const results = new Map<string, ScenarioResult>();
function resultOf(name: string): ScenarioResult {
  let r = results.get(name);
  if (r === undefined) {
    const entry = entries.find((e) => e.name === name);
    if (entry === undefined) throw new Error(`no library scenario named ${name}`);
    r = runScenario(entry.scenario);
    results.set(name, r);
  }
  return r;
}

function table(r: ScenarioResult): string {
  return PROPERTY_IDS.map((id) => {
    const want = r.expected[id];
    const j = r.judgements.find((x) => x.property === id);
    const mark = want === undefined ? '' : want === r.verdicts[id] ? `  (expected ${want})` : `  (expected ${want})  <-- MISMATCH`;
    const why = j !== undefined && want !== undefined && want !== r.verdicts[id] ? `\n      ${j.violations.join('\n      ') || 'no violations'}` : '';
    return `  ${id.padEnd(17)} ${r.verdicts[id]}${mark}${why}`;
  }).join('\n');
}

function checkExercised(name: string, r: ScenarioResult): void {
  for (const [id, wanted] of Object.entries(EXERCISES[name] ?? {})) {
    const got = r.judgements.find((j) => j.property === id)?.exercised ?? [];
    for (const w of wanted ?? []) expect(got, `${name}: ${id} should have exercised "${w}"`).toContain(w);
  }
}

function checkScenario(name: string): void {
  const r = resultOf(name);
  expect(r.matches, `${name}: verdicts vs expected\n${table(r)}`).toBe(true);
  checkExercised(name, r);
}

describe('scenario library: layout', () => {
  test(`holds at least ${MIN_LIBRARY_SIZE} scenarios, each file named after its scenario`, () => {
    expect(entries.length).toBeGreaterThanOrEqual(MIN_LIBRARY_SIZE);
    for (const e of entries) expect(e.file).toBe(`${e.name}.json`);
    expect(new Set(entries.map((e) => e.name)).size).toBe(entries.length);
  });

  test('every scenario states goal, threat and expected outcome, and expects at least one property', () => {
    for (const { name, scenario } of entries) {
      for (const field of ['goal', 'threat', 'expected'] as const) expect(scenario.description[field].length, `${name}.description.${field}`).toBeGreaterThan(40);
      expect(Object.keys(scenario.expect).length, `${name}.expect`).toBeGreaterThan(0);
    }
  });

  test('every exercise list names a library scenario', () => {
    const names = new Set(entries.map((e) => e.name));
    for (const n of Object.keys(EXERCISES)) expect(names.has(n), n).toBe(true);
  });
});

describe('scenario library: every scenario meets its expected verdicts (SEC-*, LIVE-DELIVERY, DET-REPLAY)', () => {
  test.each(entries)('$name', ({ name }) => checkScenario(name), SCENARIO_TIMEOUT_MS);
});

describe('scenario library: what the attacks did', () => {
  test('SEC-MITM negative control: unverified first contact really encrypts to the substitute', () => {
    const r = resultOf('prekey-substitution-first-contact-unverified');
    const genuineBob = viewOf(r.log.events).identities.get('bob');
    const copies = viewOf(r.log.events).messages.flatMap((m) => m.copies);
    expect(copies.length).toBe(2);
    for (const c of copies) expect(c.encryptedTo).not.toEqual(genuineBob);
    expect(viewOf(r.log.events).accepted).toHaveLength(0);
  });

  test('SEC-MITM: a known contact is never re-fetched, so the substituted bundle is never used', () => {
    const r = resultOf('prekey-substitution-known-contact');
    const mitm = r.judgements.find((j) => j.property === 'SEC-MITM');
    expect(mitm?.exercised).not.toContain('plaintext encrypted to a substituted key');
    const sent = viewOf(r.log.events).messages.flatMap((m) => m.copies.map((c) => `${m.messageId}->${c.to}`));
    const accepted = viewOf(r.log.events).accepted.map((a) => `${a.messageId}->${a.recipient}`);
    expect(accepted.sort()).toEqual(sent.sort());
  });

  test('SEC-MITM: a message written after a substituted bundle raised a key change is held on the phone, not sent', () => {
    const r = resultOf('prekey-substitution-known-contact');
    const m = viewOf(r.log.events).messages.find((x) => x.label === 'after-substitution');
    expect(m?.copies).toEqual([]);
    expect(m?.heldFor).toEqual(['bob']);
  });

  test('SEC-MITM: a forged setup from a new identity is refused and reported, and later messages stay on the trusted session', () => {
    const r = resultOf('identity-change-queued-messages');
    expect(viewOf(r.log.events).refusals.map((x) => x.code)).toContain('UNTRUSTED_IDENTITY');
    for (const label of ['queued-1', 'queued-2']) {
      const m = viewOf(r.log.events).messages.find((x) => x.label === label);
      expect(m?.copies.map((c) => c.to)).toEqual(['alice']);
      expect(m?.heldFor).toEqual([]);
    }
  });

  test('SEC-WARRANT: the gagged notification goes out when the gag expires, not before', () => {
    const r = resultOf('warrant-gag-late-notification');
    const served = viewOf(r.log.events).truth.events.find((e) => e.kind === 'warrant-served');
    const gagUntil = served?.kind === 'warrant-served' ? served.warrant.gagUntilMs : undefined;
    expect(gagUntil).toBe(48 * 60 * 60 * 1000);
    const sent = viewOf(r.log.events).truth.events.filter((e) => e.kind === 'notification-sent');
    expect(sent.map((e) => (e.kind === 'notification-sent' ? e.userId : ''))).toContain('bob');
    for (const e of sent) expect(e.atMs).toBeGreaterThanOrEqual(gagUntil ?? Number.POSITIVE_INFINITY);
  });

  test('SEC-RETENTION: a server lying about deletion still holds delivered records four days later (the judge does not examine it)', () => {
    const r = resultOf('server-lies-about-deletion');
    const [seizure] = viewOf(r.log.events).serverSeizures;
    expect(seizure?.items.filter((i) => i.label.includes('record/')).length).toBeGreaterThan(0);
    expect(r.judgements.find((j) => j.property === 'SEC-RETENTION')?.exercised).toEqual([]);
  });

  test('SEC-RETENTION: after the TTL an honest server holds nothing of the uncollected message', () => {
    const r = resultOf('offline-recipient-ttl-expiry');
    const [seizure] = viewOf(r.log.events).serverSeizures;
    expect(seizure?.atMs).toBe(73 * 60 * 60 * 1000);
    expect(seizure?.items.filter((i) => i.label.includes('record/'))).toEqual([]);
  });
});
