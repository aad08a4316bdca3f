// The CLI's command list. To add a command (run, sim, check, scenario, bench): write cli/commands/NAME.ts
// exporting `defineCommand({ command, describe, builder, run })`, import it here, and append it below.
// Register only commands that work: `--help` lists exactly this array.

import type { AnyCommand } from '../command.ts';
import { benchCommand } from './bench.ts';
import { catalogueCommand } from './catalogue.ts';
import { checkCommand } from './check.ts';
import { engineConformanceCommand } from './engineConformance.ts';
import { enginesCommand } from './engines.ts';
import { fuzzCommand } from './fuzz.ts';
import { mergeCommand } from './merge.ts';
import { renderCheckCommand } from './renderCheck.ts';
import { reportCommand } from './report.ts';
import { runCommand } from './run.ts';
import { scenarioCommand } from './scenario.ts';
import { simCommand } from './sim.ts';
import { soakCommand } from './soak.ts';

export const COMMANDS: readonly AnyCommand[] = [
  runCommand,
  scenarioCommand,
  simCommand,
  soakCommand,
  fuzzCommand,
  checkCommand,
  mergeCommand,
  reportCommand,
  renderCheckCommand,
  benchCommand,
  catalogueCommand,
  enginesCommand,
  engineConformanceCommand,
];
