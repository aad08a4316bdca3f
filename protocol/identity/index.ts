// Device identity keys (X3DH §2.3): public key type and codec, key pair generation.
export * from './identityKey.ts';
export * from './keyPair.ts';
export * from './binding.ts';
