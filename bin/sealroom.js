#!/usr/bin/env node
// The `sealroom` command. In the installed package the CLI is compiled JavaScript beside its sources
// (built by `prepack`, see tsconfig.build.json): it runs in this process, with no TypeScript loader.
// In a checkout there is no cli/main.js, so tsx (a dependency, resolved from wherever npm put it)
// registers its loader and the TypeScript CLI runs as it is.
import { existsSync } from 'node:fs';

const compiled = new URL('../cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../cli/main.ts', import.meta.url).href);
}
