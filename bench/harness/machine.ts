// Where the numbers were measured: CPU model,
// core count, memory, OS, Node and OpenSSL versions, and the installed versions of sealroom's crypto
// libraries and of both peers, read from their package.json files.
import { readFileSync } from 'node:fs';
import { arch, cpus, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly os: string;
  readonly node: string;
  readonly v8: string;
  readonly openssl: string;
  /** package name → installed version, or "not installed". */
  readonly libraries: Readonly<Record<string, string>>;
}

/** Packages whose versions the figures depend on. */
const VERSIONED_PACKAGES = [
  '@noble/ciphers',
  '@noble/curves',
  '@noble/hashes',
  '@noble/post-quantum',
  'tinybench',
  '@signalapp/libsignal-client',
  '@privacyresearch/libsignal-protocol-typescript',
] as const;

const REPO_ROOT = new URL('../../', import.meta.url);

function versionAt(url: URL): string {
  try {
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'not installed';
  }
}

export function machineInfo(): MachineInfo {
  const cpuList = cpus();
  const libraries: Record<string, string> = { sealroom: versionAt(new URL('package.json', REPO_ROOT)) };
  for (const name of VERSIONED_PACKAGES) libraries[name] = versionAt(new URL(`node_modules/${name}/package.json`, REPO_ROOT));
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryBytes: totalmem(),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    v8: process.versions.v8,
    openssl: process.versions.openssl ?? 'unknown',
    libraries,
  };
}
