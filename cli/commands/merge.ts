// `sealroom merge FILE... [--json] [--junit FILE] [--sarif FILE] [--out DIR]`: combines the --json
// outputs of `sealroom check --shard 1/n … n/n` into the result of the whole campaign, coverage gates
// applied over all shards (cli/shardMerge.ts), and writes its campaign page into DIR. Exit 0 all hold,
// 1 any fails, 2 a missing, repeated or mismatched shard file or an unwritable output, 3 a shard whose
// run crashed.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defineCommand } from '../command.ts';
import { CliInputError } from '../exitCodes.ts';
import { ensureWritableDir, ensureWritableFile } from '../outputs.ts';
import type { ShardFile } from '../shardMerge.ts';
import { checkExitCode } from './check.ts';
import { writeCampaignPage, writeCheckFormats } from './checkOutputs.ts';

/** Where the merged campaign page goes unless --out says otherwise. */
const DEFAULT_MERGE_OUT = 'reports/out/campaign';

interface MergeArgs {
  readonly files: readonly string[];
  readonly json: boolean;
  readonly junit: string | undefined;
  readonly sarif: string | undefined;
  readonly out: string;
}

async function readShard(file: string): Promise<ShardFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliInputError(`${file}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    return { file, json: JSON.parse(text) as unknown };
  } catch (e) {
    throw new CliInputError(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

export const mergeCommand = defineCommand<MergeArgs>({
  command: 'merge <files..>',
  describe: 'Merge the --json results of sharded sealroom check runs; coverage gates apply to the whole',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'Shard result files (sealroom check --shard i/n --json > FILE)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the merged result as check --json does' })
      .option('junit', { type: 'string', requiresArg: true, describe: 'Also write the merged results as JUnit XML here' })
      .option('sarif', { type: 'string', requiresArg: true, describe: 'Also write the merged failures as SARIF 2.1.0 here' })
      .option('out', { type: 'string', default: DEFAULT_MERGE_OUT, requiresArg: true, describe: 'Directory for the merged campaign page (campaign.html and its index)' })
      .example('$0 merge shard-*.json --junit check.xml --sarif check.sarif', 'One verdict for a campaign run as a CI matrix'),
  run: async (args, io) => {
    if (args.junit !== undefined) ensureWritableFile('--junit', resolve(io.cwd, args.junit));
    if (args.sarif !== undefined) ensureWritableFile('--sarif', resolve(io.cwd, args.sarif));
    const outDir = resolve(io.cwd, args.out);
    ensureWritableDir('--out', outDir);
    const shards = await Promise.all(args.files.map((f) => readShard(resolve(io.cwd, f))));
    // ajv and the merge load when the command runs, not when the CLI starts.
    const { mergeShards } = await import('../shardMerge.ts');
    const merged = mergeShards(shards);
    const { checkJsonText } = await import('../../properties/checkReport.ts');
    io.stdout(args.json ? `${JSON.stringify(merged, null, 2)}\n` : checkJsonText(merged));
    const code = checkExitCode(merged);
    await writeCampaignPage(merged, outDir, io, '--out');
    await writeCheckFormats(merged, args, io, code);
    return code;
  },
});
