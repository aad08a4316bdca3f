// What `sealroom … --help` offers, read in process (cli/app.ts): the commands at each level and the
// flags of a command together with all of its subcommands. The README test holds every `sealroom …`
// span and bare `--flag` of the README to it.
import { runCli } from '../../cli/app.ts';
import type { CliIo } from '../../cli/command.ts';
import { EXIT } from '../../cli/exitCodes.ts';

async function helpText(path: readonly string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), progressStream: { write: () => true, isTTY: false }, env: {}, cwd: process.cwd() };
  const code = await runCli([...path, '--help'], io);
  if (code !== EXIT.OK) throw new Error(`sealroom ${path.join(' ')} --help exited ${code}: ${err.join('')}`);
  return out.join('');
}

/** `sealroom X Y …` entries under "Commands:" one level below `path`. */
function subcommandsIn(help: string, path: readonly string[]): string[] {
  const prefix = ['sealroom', ...path].join(' ');
  const lines = help.split('\n');
  const start = lines.indexOf('Commands:');
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  const section = lines.slice(start + 1, end < 0 ? lines.length : end);
  return section.flatMap((l) => {
    const m = /^ {2}(sealroom(?: [a-z][a-z0-9-]*)+)/.exec(l);
    const words = m?.[1]?.split(' ') ?? [];
    return m !== null && words.length === path.length + 2 && (m[1] as string).startsWith(prefix) ? [words.at(-1) as string] : [];
  });
}

function flagsIn(help: string): string[] {
  return help.split('\n').flatMap((l) => {
    const m = /^\s+(?:-[a-zA-Z], )?--([a-z][a-z0-9-]*)/.exec(l);
    return m === null ? [] : [`--${m[1]}`];
  });
}

export interface CommandTree {
  /** Top-level command names. */
  readonly commands: ReadonlySet<string>;
  /** Top-level command → every flag of it and its subcommands. */
  readonly flags: ReadonlyMap<string, ReadonlySet<string>>;
}

async function flagsBelow(path: readonly string[]): Promise<Set<string>> {
  const help = await helpText(path);
  const flags = new Set(flagsIn(help));
  for (const sub of subcommandsIn(help, path)) for (const f of await flagsBelow([...path, sub])) flags.add(f);
  return flags;
}

/** Every command's help, read once. */
export async function commandTree(): Promise<CommandTree> {
  const commands = subcommandsIn(await helpText([]), []);
  if (commands.length === 0) throw new Error('sealroom --help lists no commands');
  const flags = new Map<string, ReadonlySet<string>>();
  for (const c of commands) flags.set(c, await flagsBelow([c]));
  return { commands: new Set(commands), flags };
}

/** What is wrong with a `sealroom …` span or bare `--flag` span, or [] when its command and flags exist. */
export function namedProblems(text: string, tree: CommandTree): string[] {
  const rest = text.replace(/^(npx sealroom|npx tsx cli\/main\.ts|sealroom)(?=\s|$)/, '').trim();
  const tokens = rest.split(/\s+/).filter((t) => t !== '');
  const used = [...rest.matchAll(/(?:^|[\s[])(--[a-z][a-z0-9-]*)/g)].map((m) => m[1] as string);
  if (text.startsWith('--')) {
    const all = new Set([...tree.flags.values()].flatMap((s) => [...s]));
    return used.filter((f) => !all.has(f)).map((f) => `${f} is no option of any sealroom command`);
  }
  const first = tokens[0];
  if (first === undefined || first.startsWith('<') || first.startsWith('-')) {
    return used.filter((f) => f !== '--help' && f !== '--version').map((f) => `${f} named without a command`);
  }
  const flags = tree.flags.get(first);
  if (flags === undefined) return [`sealroom has no command "${first}"`];
  return used.filter((f) => !flags.has(f)).map((f) => `sealroom ${first} has no option ${f}`);
}
