// JSON-RPC 2.0 over a line channel (docs/engine-protocol.md): one request at a time, its response
// checked for framing, id and, for a result, the method's schema. An error response, a wrong id, a
// line that is not a response, an exit or a hang is an EngineFault: never a verdict.
import { type Answer, LineChannel } from './channel.ts';
import { resultProblem, schemaProblem } from './schema.ts';
import type { Method, RpcResponse } from './wire.ts';

/** The time limit of each call but `initialize` (docs/engine-protocol.md "Time limits"). */
function callTimeoutMs(): number {
  const set = process.env['SEALROOM_ENGINE_TIMEOUT_MS'];
  const n = set === undefined ? Number.NaN : Number(set);
  return Number.isSafeInteger(n) && n > 0 ? n : 10_000;
}

export const INITIALIZE_TIMEOUT_MS = 30_000;

const clip = (s: string): string => (s.length > 300 ? `${s.slice(0, 297)}...` : s);

export function exitText(a: Extract<Answer, { kind: 'exit' }>): string {
  return a.signal === null ? `exited with status ${a.code ?? 'unknown'}` : `was killed by ${a.signal}`;
}

/** Parses and checks one response line against the request's id; a string says what is wrong with it. */
export function parseResponse(line: string, id: number | null): RpcResponse | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return `wrote a line that is not JSON: ${clip(JSON.stringify(line))}`;
  }
  const problem = schemaProblem('response', value, 'response');
  if (problem !== undefined) return `wrote a response that is not JSON-RPC 2.0 (${problem}): ${clip(line)}`;
  const r = value as RpcResponse;
  if (r.id !== id) return `answered request ${id} with id ${JSON.stringify(r.id)}`;
  return r;
}

export class RpcClient {
  private nextId = 1;
  readonly channel: LineChannel;

  constructor(command: string) {
    this.channel = new LineChannel(command);
  }

  /** Sends one request; the response as it came (result or error), or a fault for a broken exchange. */
  send(method: string, params: unknown, timeoutMs = callTimeoutMs()): RpcResponse {
    const id = this.nextId++;
    const answer = this.channel.exchange(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }), timeoutMs, method);
    if (answer.kind === 'exit') throw this.channel.fault('crashed', `${exitText(answer)} before answering ${method}`);
    const r = parseResponse(answer.line, id);
    if (typeof r === 'string') throw this.channel.fault('misbehaving', `${r} (to ${method})`);
    return r;
  }

  /** A call that must succeed: its result, checked against the method's schema. */
  call(method: Method, params: unknown, timeoutMs?: number): unknown {
    const r = this.send(method, params, timeoutMs);
    if ('error' in r) throw this.channel.fault('failed', `${method} answered error ${r.error.code}: ${r.error.message}`);
    const problem = resultProblem(method, r.result);
    if (problem !== undefined) throw this.channel.fault('misbehaving', `${method}: ${problem}`);
    return r.result;
  }

  close(): ReturnType<LineChannel['close']> {
    return this.channel.close();
  }
}
