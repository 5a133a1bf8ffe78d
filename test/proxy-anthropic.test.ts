/** LLM proxy, Anthropic Messages wire format, driven by the official `@anthropic-ai/sdk` client. */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVER, type ProxyRig, startRig } from './proxy-fixtures.js';

let rig: ProxyRig;
let client: Anthropic;

beforeAll(async () => {
  rig = await startRig();
  client = new Anthropic({ baseURL: rig.proxy.url, apiKey: 'sk-ant-caller', maxRetries: 0 });
});
afterAll(async () => {
  await rig?.close();
});

const base = {
  model: 'claude-test',
  max_tokens: 256,
  messages: [{ role: 'user' as const, content: 'Plan my refund.' }],
};

describe('anthropic messages', () => {
  it('passes the caller credential through and returns the answer', async () => {
    rig.upstream.reply({ text: 'Sure.' });
    const r = await client.messages.create(base);
    expect(r.content).toEqual([{ type: 'text', text: 'Sure.' }]);
    expect(rig.upstream.requests.at(-1)?.headers.authorization).toBe('Bearer sk-ant-caller');
  });

  it('refuses a denied tool_use in Anthropic error format', async () => {
    rig.upstream.reply({ toolCalls: [{ name: 'delete_repo', arguments: '{"repo":"acme/app"}' }] });
    const err = await client.messages.create(base).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.PermissionDeniedError);
    const e = err as InstanceType<typeof Anthropic.PermissionDeniedError>;
    expect(e.status).toBe(403);
    expect((e.error as { type: string; error: { type: string } }).error.type).toBe(
      'permission_error',
    );
    expect(e.message).toContain('deleting repositories is not allowed');
  });

  it('redacts a streamed answer and keeps the event sequence valid', async () => {
    rig.upstream.reply({ chunks: ['Mail ', 'jane.doe@', 'example.com', ' for help.'] });
    const stream = client.messages.stream(base);
    const final = await stream.finalMessage();
    expect(final.content.map((b) => (b.type === 'text' ? b.text : b.type))).toEqual([
      'Mail [EMAIL] for help.',
    ]);
  });

  it('streams an escalated tool_use once approved, arguments intact', async () => {
    rig.upstream.reply({
      text: 'Refunding.',
      toolCalls: [{ name: 'refund', arguments: '{"order":"C-3","amount":12}' }],
    });
    const opened = rig.nextRequest();
    const stream = client.messages.stream(base);
    const done = stream.finalMessage();
    await rig.approvals.approve(await opened, APPROVER);
    const final = await done;
    const tool = final.content.find((b) => b.type === 'tool_use');
    expect(tool?.type === 'tool_use' && tool.input).toEqual({ order: 'C-3', amount: 12 });
  });

  it('ends a stream with an error event when a streamed tool_use is denied', async () => {
    rig.upstream.reply({ toolCalls: [{ name: 'delete_repo', arguments: '{"repo":"acme/app"}' }] });
    const stream = await client.messages.create({ ...base, stream: true });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const ev of stream) seen.push(ev.type);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as Error).message).toContain('deleting repositories is not allowed');
    expect(seen).not.toContain('content_block_start');
    expect(seen).not.toContain('message_stop');
  });

  it('rewrites redacted input inside tool_result blocks before forwarding', async () => {
    rig.upstream.reply({ text: 'ok' });
    await client.messages.create({
      ...base,
      messages: [
        { role: 'user', content: 'Look this up.' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 't1', name: 'lookup', input: { q: 'x' } }],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 't1',
              content: 'Call 555-0100 or jane.doe@example.com',
            },
          ],
        },
      ],
    });
    const sent = rig.upstream.requests.at(-1)?.body.messages as Array<{ content: unknown }>;
    expect(sent[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 't1', content: 'Call 555-0100 or [EMAIL]' },
    ]);
  });
});
