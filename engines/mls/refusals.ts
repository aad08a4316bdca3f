// The MLS adapter's refusals: its own (a closed set of codes, engines/mls/contract.ts) and ts-mls's
// errors on hostile input mapped onto them; an operation on outside input refuses whatever fails,
// one of the device's own refuses only for the adapter's reasons.
import { MlsError, ValidationError } from 'ts-mls/mlsError.js';
import type { MlsRefusal, MlsRefusalCode } from './contract.ts';

class Refused extends Error {
  constructor(
    readonly code: MlsRefusalCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export const refuse = (code: MlsRefusalCode, detail: string): never => {
  throw new Refused(code, detail);
};

/** What went wrong, as a refusal: the adapter's own, or ts-mls's error by its class and message. */
function refusalOf(e: unknown, fallback: MlsRefusalCode): MlsRefusal {
  if (e instanceof Refused) return { ok: false, code: e.code, detail: e.detail };
  if (e instanceof ValidationError && e.message === 'Desired gen in the past') return { ok: false, code: 'DUPLICATE_MESSAGE', detail: e.message };
  if (e instanceof ValidationError && e.message === 'Cannot process message, epoch too old') return { ok: false, code: 'OLD_EPOCH', detail: e.message };
  if (e instanceof MlsError) return { ok: false, code: fallback, detail: `${e.name}: ${e.message}` };
  // Hostile input can drive a library into errors of its own (a TypeError on a field it assumed); it is still the input that is refused.
  if (e instanceof Error) return { ok: false, code: fallback, detail: `${e.name}: ${e.message}` };
  throw e;
}

/**
 * Runs one operation on input from outside (the server's bytes); whatever the input makes fail is a
 * refusal. A refusal leaves the device as it was: every change is made only after the last check, and
 * ts-mls returns new states instead of changing old ones.
 */
export async function guard<T>(fallback: MlsRefusalCode, f: () => Promise<T>): Promise<T | MlsRefusal> {
  try {
    return await f();
  } catch (e) {
    return refusalOf(e, fallback);
  }
}

/** Runs one of the device's own operations: only the adapter's refusals are refusals; a library error is a fault of the engine and is thrown. */
export async function own<T>(f: () => Promise<T>): Promise<T | MlsRefusal> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof Refused) return { ok: false, code: e.code, detail: e.detail };
    throw e;
  }
}
