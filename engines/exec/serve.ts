// Serves an in-process device engine over the engine protocol on standard input and output
// (docs/engine-protocol.md), so it can be judged as `exec:` like an engine in any other language:
//
//   node --import tsx engines/exec/serve.ts privacy-mode-device [--fault NAME]
//
// A fault (server.ts SERVER_FAULTS) breaks one rule of the protocol, for the conformance kit to catch.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { loadDeviceEngine } from '../registry.ts';
import { EngineServer, SERVER_FAULTS, type ServerFault } from './server.ts';

function usage(problem: string): never {
  process.stderr.write(`serve: ${problem}\nusage: serve.ts ENGINE [--fault ${Object.keys(SERVER_FAULTS).join('|')}]\n`);
  process.exit(2);
}

const [name, flag, faultName] = process.argv.slice(2);
if (name === undefined || name.startsWith('exec:')) usage('name a device engine of this repository');
if (flag !== undefined && (flag !== '--fault' || faultName === undefined || !(faultName in SERVER_FAULTS))) usage(`unknown option ${[flag, faultName].filter((x) => x !== undefined).join(' ')}`);

const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
const engine = loadDeviceEngine(name);
const server = new EngineServer(engine, version, faultName as ServerFault | undefined);
if (faultName !== undefined) process.stderr.write(`serve: ${name} with fault ${faultName}: ${SERVER_FAULTS[faultName as ServerFault]}\n`);

const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
lines.on('line', (line) => {
  const out = server.handle(line);
  if (out !== undefined) process.stdout.write(`${out}\n`);
});
lines.on('close', () => {
  engine.close();
  process.exit(0);
});
