// Branded identifiers and counters (docs/conventions.md): a DeviceId can't be passed where a RoomId is meant.
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type UserId = Brand<string, 'UserId'>;
export type DeviceId = Brand<string, 'DeviceId'>;
export type RoomId = Brand<string, 'RoomId'>;
export type MessageId = Brand<string, 'MessageId'>;
export type PreKeyId = Brand<number, 'PreKeyId'>;
export type ChainIndex = Brand<number, 'ChainIndex'>;
export type Epoch = Brand<number, 'Epoch'>;

export const userId = (s: string) => s as UserId;
export const deviceId = (s: string) => s as DeviceId;
export const roomId = (s: string) => s as RoomId;
export const messageId = (s: string) => s as MessageId;
export const preKeyId = (n: number) => n as PreKeyId;
export const chainIndex = (n: number) => n as ChainIndex;
export const epoch = (n: number) => n as Epoch;
