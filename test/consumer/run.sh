#!/usr/bin/env bash
# The consumer test: does the package work for someone who installs it?
#   1. `npm pack` the repo (prepack builds JavaScript and declarations with tsconfig.build.json), in a
#      staged copy so the working tree is never touched;
#   2. check what the tarball ships (bin, compiled JS + .d.ts, the scenario library and its schema) and
#      what it must not (test/, *.test.ts, *.testkit.ts, test vectors);
#   3. install the tarball into an empty project, as a user would (better-sqlite3 builds from source);
#   4. run `npx sealroom --help` and `npx sealroom scenario list`;
#   5. type-check and run a TypeScript file that imports the public API (`from 'sealroom'`).
# Slow (the better-sqlite3 build is about 3 minutes on 2 cores), so it is its own .ci/run step, not in
# `npm test`. SEALROOM_CONSUMER_SRC=<dir> packs another checkout; KEEP=1 keeps the temp dir.
set -euo pipefail

src="$(cd "${SEALROOM_CONSUMER_SRC:-$(dirname "$0")/../..}" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sealroom-consumer.XXXXXX")"
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$work"' EXIT; fi
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ok: $1"; }
bad() { failed=$((failed + 1)); echo "  FAILED: $1" >&2; }
started=$(date +%s)
elapsed() { echo "$(($(date +%s) - started))s"; }
step() { echo "-- $1 [at $(elapsed)]"; }

step "stage a copy of $src"
mkdir "$work/stage"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # Tracked and untracked-but-not-ignored files: what `npm pack` in the checkout would see.
  (cd "$src" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done | tar --null -T - -cf -) | tar -xf - -C "$work/stage"
else
  tar -C "$src" --exclude=./node_modules --exclude=./reports/out -cf - . | tar -xf - -C "$work/stage"
fi
# The build needs the repo's devDependencies (typescript, @types/*): reuse the installed ones.
ln -s "$src/node_modules" "$work/stage/node_modules"

step "npm pack (prepack: npm run build)"
(cd "$work/stage" && npm pack --silent --pack-destination "$work" >"$work/pack.out" 2>"$work/pack.err") || {
  cat "$work/pack.err" >&2
  echo "consumer: npm pack failed (the build must type-check: npx tsc -p tsconfig.build.json)" >&2
  exit 1
}
tarball="$work/$(tail -n 1 "$work/pack.out")"
echo "   $(basename "$tarball"): $(du -k "$tarball" | cut -f1) KiB, $(tar -tzf "$tarball" | wc -l) files, packed in $(elapsed)"
tar -tzf "$tarball" | sed 's|^package/||' | sort >"$work/files.txt"

step "tarball contents"
has() { if grep -qxE "$1" "$work/files.txt"; then ok "ships $2"; else bad "does not ship $2 ($1)"; fi; }
hasnt() { if grep -qE "$1" "$work/files.txt"; then bad "ships $2: $(grep -E "$1" "$work/files.txt" | head -3 | tr '\n' ' ')"; else ok "does not ship $2"; fi; }
has 'bin/sealroom\.js' 'bin/sealroom.js'
has 'cli/main\.js' 'the compiled CLI'
has 'protocol/index\.js' 'the protocol entry point (.)'
has 'types/protocol/index\.d\.ts' 'its declarations (types/)'
has 'scenarios/scenario\.schema\.json' 'the scenario schema'
has 'scenarios/library/bit-flipping\.json' 'the scenario library'
has 'bench/targets\.json' 'bench/targets.json'
has 'LICENSE' 'LICENSE'
hasnt '^test/' 'test/'
hasnt '\.test\.(ts|js|d\.ts)$' '*.test.ts'
hasnt '\.testkit\.(ts|js|d\.ts)$' '*.testkit.ts'
hasnt '(^|/)vectors/' 'test vectors'
hasnt '^reports/out/' 'reports/out/'
# Declarations live in types/ only: beside a .ts source, a consumer's tsc would check the source instead.
hasnt '^(protocol|platform|sim|properties|scenarios|reports|bench|cli)/.*\.d\.ts$' 'declarations beside the sources'
all_entries=1
for entry in sim properties scenarios; do
  if grep -qx "$entry/index.js" "$work/files.txt" && grep -qx "types/$entry/index.d.ts" "$work/files.txt"; then
    ok "ships ./$entry ($entry/index.js, types/$entry/index.d.ts)"
  else
    all_entries=0
    echo "  note: no $entry/index.ts, so sealroom/$entry is not tested"
  fi
done

step "install the tarball into an empty project"
mkdir "$work/app"
cd "$work/app"
# allowScripts: npm runs a dependency's install script only when the project allows it; better-sqlite3
# (the sqlite storage engine) compiles its native addon in one.
cat >package.json <<'JSON'
{ "name": "sealroom-consumer", "version": "1.0.0", "private": true, "type": "module", "allowScripts": { "better-sqlite3": true } }
JSON
ts_version="$(node -p "require('$src/node_modules/typescript/package.json').version")"
types_node_version="$(node -p "require('$src/node_modules/@types/node/package.json').version")"
# JOBS=max: node-gyp compiles better-sqlite3 on every core instead of one.
JOBS=max npm install --no-audit --no-fund --prefer-offline --loglevel=error "$tarball" "typescript@$ts_version" "@types/node@$types_node_version" >"$work/install.log" 2>&1 || {
  tail -40 "$work/install.log" >&2
  echo "consumer: npm install of the tarball failed" >&2
  exit 1
}
echo "   installed in $(elapsed)"
if [ -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ]; then ok 'better-sqlite3 built its native addon'; else bad 'better-sqlite3 has no native addon (install script skipped?)'; fi
if [ -e node_modules/@signalapp/libsignal-client ] || [ -e node_modules/@privacyresearch/libsignal-protocol-typescript ]; then bad 'the libsignal peers (AGPL/GPL devDependencies) were installed'; else ok 'the libsignal peers are not installed'; fi

step "npx sealroom --help"
if out="$(npx --no-install sealroom --help 2>&1)"; then
  if grep -q 'sealroom <command>' <<<"$out" && grep -q 'sealroom scenario' <<<"$out"; then ok '--help lists the commands'; else bad "--help output: $(head -5 <<<"$out")"; fi
else
  bad "sealroom --help exited non-zero: $(head -20 <<<"$out")"
fi

step "npx sealroom scenario list"
if out="$(npx --no-install sealroom scenario list 2>&1)"; then
  missing=""
  for f in "$src"/scenarios/library/*.json; do
    name="$(basename "$f" .json)"
    grep -q "^$name " <<<"$out" || missing="$missing $name"
  done
  if [ -z "$missing" ]; then ok "scenario list names all $(ls "$src"/scenarios/library/*.json | wc -l) library scenarios"; else bad "scenario list misses:$missing"; fi
else
  bad "sealroom scenario list exited non-zero: $(head -20 <<<"$out")"
fi

step "type-check and run a TypeScript file importing 'sealroom'"
cat >tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2023"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "types": ["node"],
    "strict": true,
    "skipLibCheck": false,
    "outDir": "out"
  },
  "include": ["*.ts"]
}
JSON
cat >use.ts <<'TS'
// A consumer's first program: two devices from the public API, one seeded stream.
import { createDevice, createDrbg, deviceId, nobleProvider, REFERENCE_FLAGS, userId, type DeviceState } from 'sealroom';

const rng = createDrbg('consumer-test');
const device: DeviceState = createDevice({ deviceId: deviceId('alice-phone'), userId: userId('alice'), oneTimePreKeys: 1 }, { provider: nobleProvider, rng, nowMs: 0, flags: REFERENCE_FLAGS });
console.log(`device ${device.deviceId} of ${device.userId} with ${device.preKeys.oneTimePreKeys.length} one-time prekey`);
TS
if [ "$all_entries" = 1 ]; then
  cat >library.ts <<'TS'
// The other entry points: run a scenario from the installed library and judge it.
import { createRequire } from 'node:module';
import { CATALOGUE } from 'sealroom/properties';
import { loadScenarioFile, runScenario } from 'sealroom/scenarios';
import { simulate } from 'sealroom/sim';

const file = createRequire(import.meta.url).resolve('sealroom/scenarios/library/bit-flipping.json');
const result = runScenario(loadScenarioFile(file));
console.log(`${result.scenario}: ${result.matches ? 'verdicts as expected' : 'verdicts differ'}; ${CATALOGUE.length} properties; simulate is a ${typeof simulate}`);
TS
fi
if out="$(npx --no-install tsc -p tsconfig.json 2>&1)"; then ok "$(ls *.ts | tr '\n' ' ')type-check against the shipped declarations"; else bad "tsc: $(head -20 <<<"$out")"; fi
if [ -f out/use.js ]; then
  if out="$(node out/use.js 2>&1)" && grep -q 'device alice-phone of alice with 1 one-time prekey' <<<"$out"; then ok 'use.js runs'; else bad "node out/use.js: $(head -20 <<<"$out")"; fi
else
  bad 'no out/use.js to run'
fi
if [ -f library.ts ]; then
  if out="$(node out/library.js 2>&1)" && grep -q '^bit-flipping: verdicts as expected; [0-9]* properties; simulate is a function' <<<"$out"; then ok "library.js runs a library scenario through sealroom/scenarios, /properties and /sim"; else bad "node out/library.js: $(head -20 <<<"$out")"; fi
fi

echo "consumer test took $(elapsed)"
echo "consumer: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
