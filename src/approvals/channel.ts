/**
 * Approval change notifications between waiters and writers.
 * In one process an EventEmitter suffices; several servers share a Redis pub/sub channel.
 */
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { ApprovalState } from './request.js';

/** A request changed (stored): waiters reload it. */
export interface ApprovalChange {
  readonly tenant: string;
  readonly id: string;
  readonly state: ApprovalState;
  readonly version: number;
}

/** Carries changes to every server; `subscribe` returns an unsubscribe function. */
export interface ApprovalChannel {
  publish(change: ApprovalChange): Promise<void>;
  subscribe(listener: (change: ApprovalChange) => void): () => void;
  close(): Promise<void>;
}

/** Channel for a single process. */
export function createLocalApprovalChannel(): ApprovalChannel {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(change) {
      emitter.emit('change', change);
    },
    subscribe(listener) {
      emitter.on('change', listener);
      return () => emitter.off('change', listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/** Options of the Redis channel. */
export interface RedisChannelOptions {
  /** Connection used to publish (may be shared with other work). */
  readonly publisher: Redis;
  /** Dedicated connection in subscriber mode; it is closed by `close()`. */
  readonly subscriber: Redis;
  /** Pub/sub channel name (default `bulwark:approvals`). */
  readonly channel?: string;
}

function parseChange(text: string): ApprovalChange | undefined {
  try {
    const v = JSON.parse(text) as Partial<ApprovalChange>;
    if (typeof v.tenant === 'string' && typeof v.id === 'string' && typeof v.version === 'number') {
      return v as ApprovalChange;
    }
  } catch {
    // A foreign or corrupt message on the channel is ignored: waiters also time out and reload.
  }
  return undefined;
}

/** Channel over Redis pub/sub, for several servers sharing one store. Resolves once subscribed. */
export async function createRedisApprovalChannel(
  options: RedisChannelOptions,
): Promise<ApprovalChannel> {
  const name = options.channel ?? 'bulwark:approvals';
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const { publisher, subscriber } = options;
  const onMessage = (channel: string, message: string) => {
    if (channel !== name) return;
    const change = parseChange(message);
    if (change) emitter.emit('change', change);
  };
  subscriber.on('message', onMessage);
  await subscriber.subscribe(name);
  return {
    async publish(change) {
      await publisher.publish(name, JSON.stringify(change));
    },
    subscribe(listener) {
      emitter.on('change', listener);
      return () => emitter.off('change', listener);
    },
    async close() {
      subscriber.off('message', onMessage);
      emitter.removeAllListeners();
      await subscriber.unsubscribe(name).catch(() => undefined);
      subscriber.disconnect();
    },
  };
}
