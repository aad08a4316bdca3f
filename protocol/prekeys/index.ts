// Prekeys (X3DH §2.3/§3.1, PQXDH §2.3/§3.1): records, the private store and its pure steps, publishing.
export * from './signedPreKey.ts';
export * from './oneTimePreKey.ts';
export * from './kemPreKey.ts';
export * from './preKeyId.ts';
export * from './preKeyStore.ts';
export * from './preKeyUse.ts';
export * from './bundle.ts';
