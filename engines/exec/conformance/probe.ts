// The conformance kit's hand on an engine: requests sent as the protocol says, each answer checked
// against the method's schema, and a transcript of every exchange (for the determinism check and for
// messages that show what was sent, what came back and what was expected).
import { createHash, randomBytes } from 'node:crypto';
import { EngineFault } from '../../fault.ts';
import { exitText, parseResponse, RpcClient } from '../rpcClient.ts';
import { resultProblem } from '../schema.ts';
import { isMethod, type RpcError } from '../wire.ts';

/** A check that did not hold: what was sent, what came back, what was expected. */
export class NonConformance extends Error {
  override readonly name = 'NonConformance';
}

const clip = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
};

/** Fresh for each kit run, so an engine cannot recognise the kit by its seeds. */
const RUN_NONCE = randomBytes(16).toString('hex');

/** A 32-byte seed, base64, for the kit's device number `n`: the same within one kit run (the determinism check needs that), new in each. */
export const seedOf = (n: number): string => createHash('sha256').update(`${RUN_NONCE}:${n}`).digest('base64');

/** What the kit calls itself in the handshake: what sealroom always says, so an engine cannot tell it is being tested. */
export const KIT_CLIENT = { name: 'sealroom', version: '1' };

function rawTimeoutMs(): number {
  const n = Number(process.env['SEALROOM_ENGINE_TIMEOUT_MS']);
  return Number.isSafeInteger(n) && n > 0 ? n : 10_000;
}

export const b64text = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

export class Probe {
  readonly rpc: RpcClient;
  readonly transcript: string[] = [];

  constructor(command: string) {
    this.rpc = new RpcClient(command);
  }

  /** One request; a response out of protocol (bad JSON, wrong id) is a check that failed, a hang or a crash is a fault. */
  private send(method: string, params: unknown): ReturnType<RpcClient['send']> {
    try {
      return this.rpc.send(method, params);
    } catch (e) {
      if (e instanceof EngineFault && e.kind === 'misbehaving') throw new NonConformance(e.detail);
      throw e;
    }
  }

  /** A request that must succeed: its result, checked against the method's schema. */
  call<T>(method: string, params: unknown): T {
    const r = this.send(method, params);
    if ('error' in r) throw new NonConformance(`${method} ${clip(params)} answered error ${r.error.code} (${r.error.message}); expected a result`);
    if (isMethod(method)) {
      const problem = resultProblem(method, r.result);
      if (problem !== undefined) throw new NonConformance(`${method} ${clip(params)} answered ${clip(r.result)}: ${problem}`);
    }
    this.transcript.push(`${method} ${JSON.stringify(params)} -> ${JSON.stringify(r.result)}`);
    return r.result as T;
  }

  /** A request that must be answered with error `code` (and the engine must keep serving). */
  expectError(method: string, params: unknown, code: number, why: string): RpcError {
    const r = this.send(method, params);
    return this.errorOf(r, `${method} ${clip(params)}`, code, why);
  }

  /** A raw line that must be answered with error `code`; `id` is the id the answer must carry. */
  expectErrorForLine(line: string, id: number | null, code: number, why: string): RpcError {
    const answer = this.rpc.channel.exchange(line, rawTimeoutMs(), `the line ${clip(line)}`);
    if (answer.kind === 'exit') throw this.rpc.channel.fault('crashed', `${exitText(answer)} after the line ${clip(line)} (${why})`);
    const r = parseResponse(answer.line, id);
    if (typeof r === 'string') throw new NonConformance(`the line ${clip(line)}: the engine ${r}; expected error ${code} (${why})`);
    return this.errorOf(r, `the line ${clip(line)}`, code, why);
  }

  private errorOf(r: ReturnType<RpcClient['send']>, sent: string, code: number, why: string): RpcError {
    if (!('error' in r)) throw new NonConformance(`${sent} answered result ${clip(r.result)}; expected error ${code} (${why})`);
    if (r.error.code !== code) throw new NonConformance(`${sent} answered error ${r.error.code} (${r.error.message}); expected error ${code} (${why})`);
    return r.error;
  }

  close(): ReturnType<RpcClient['close']> {
    return this.rpc.close();
  }
}

export function expect(condition: boolean, what: string): void {
  if (!condition) throw new NonConformance(what);
}
