// Session setup: PQXDH (default) and X3DH, initiator and responder, plus the shared derivation.
export * from './types.ts';
export * from './keySchedule.ts';
export * from './x3dh.ts';
export * from './pqxdh.ts';
export * from './bundleCheck.ts';
export * from './initiator.ts';
export * from './responder.ts';
