/** SDK adapters (in-process, same checks as the proxy) against the fake upstream. */
import { createOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import { tool as lcTool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { generateText, streamText, tool, wrapLanguageModel } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type FakeUpstream, startFakeUpstream } from '../bench/fake-upstream.js';
import { DeniedError } from '../src/core/errors.js';
import { createGuard, type Guard } from '../src/guard.js';
import type { TextStreamScanner } from '../src/proxy/index.js';
import { createScanner } from '../src/scan/index.js';
import { createStreamScanner } from '../src/scan/stream.js';
import { bulwarkMiddleware, guardTools } from '../src/sdk/adapters/ai.js';
import { guardAnthropic } from '../src/sdk/adapters/anthropic.js';
import { BulwarkCallbackHandler, guardTool } from '../src/sdk/adapters/langchain.js';
import { guardOpenAI } from '../src/sdk/adapters/openai.js';
import { PROXY_POLICY } from './proxy-fixtures.js';

let upstream: FakeUpstream;
let guard: Guard;
let streamScanner: () => TextStreamScanner;
const principal = { id: 'adapter-test', type: 'agent' };
const SECRET = 'AKIAZ7Q3KDXW2PLMN4RT';

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const scanner = createScanner();
  guard = createGuard({ policy: { text: PROXY_POLICY }, scanner });
  streamScanner = () =>
    createStreamScanner({
      scanner,
      holdBack: 64,
      minScore: 0,
      context: { phase: 'output', role: 'assistant' },
    });
});
afterAll(async () => {
  await upstream?.close();
  await guard?.close();
});

describe('OpenAI and Anthropic clients (guarded fetch)', () => {
  it('redacts a streamed OpenAI answer and refuses a denied tool call', async () => {
    const client = guardOpenAI(
      new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'k', maxRetries: 0 }),
      {
        guard,
        streamScanner,
        principal,
      },
    );
    upstream.reply({ chunks: ['Mail ja', 'ne.doe@exa', 'mple.com now.'] });
    let text = '';
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe('Mail [EMAIL] now.');
    upstream.reply({ toolCalls: [{ name: 'delete_repo', arguments: '{"repo":"a/b"}' }] });
    await expect(
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it('cuts an Anthropic stream before a secret passes', async () => {
    const client = guardAnthropic(
      new Anthropic({ baseURL: upstream.url, apiKey: 'k', maxRetries: 0 }),
      {
        guard,
        streamScanner,
        principal,
      },
    );
    upstream.reply({
      chunks: ['The key is ', SECRET.slice(0, 10), SECRET.slice(10), ' and more.'],
    });
    let text = '';
    const stream = await client.messages.create({
      model: 'm',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const err = await (async () => {
      for await (const ev of stream) {
        if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta')
          text += ev.delta.text;
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect(text).not.toContain('AKIA');
  });
});

describe('Vercel AI SDK', () => {
  const model = () =>
    wrapLanguageModel({
      model: createOpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'k' }).chat('m'),
      middleware: bulwarkMiddleware({ guard, streamScanner, principal }),
    });

  it('redacts a streamed answer through the middleware', async () => {
    upstream.reply({ chunks: ['Ask jane', '.doe@example', '.com.'] });
    let text = '';
    for await (const d of streamText({ model: model(), prompt: 'who?' }).textStream) text += d;
    expect(text).toBe('Ask [EMAIL].');
  });

  it('refuses a denied tool call with a DeniedError cause', async () => {
    upstream.reply({ toolCalls: [{ name: 'delete_repo', arguments: '{"repo":"a/b"}' }] });
    const err = await generateText({ model: model(), prompt: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toContain('deleting repositories is not allowed');
  });

  it('guards tool executions and redacts their results', async () => {
    const tools = guardTools(
      {
        lookup: tool({
          description: 'look up',
          inputSchema: z.object({ id: z.string() }),
          execute: async ({ id }) => ({ id, email: 'jane.doe@example.com' }),
        }),
      },
      { guard, principal },
    );
    const lookup = tools.lookup.execute;
    const out = await lookup?.({ id: 'c1' }, { toolCallId: 't', messages: [] });
    expect(out).toEqual({ id: 'c1', email: '[EMAIL]' });
  });
});

describe('LangChain', () => {
  it('refuses a denied tool call before it runs', async () => {
    const del = guardTool(
      lcTool(async ({ repo }: { repo: string }) => `deleted ${repo}`, {
        name: 'delete_repo',
        description: 'delete',
        schema: z.object({ repo: z.string() }),
      }),
      { guard, principal },
    );
    await expect(del.invoke({ repo: 'a/b' })).rejects.toBeInstanceOf(DeniedError);
  });

  it('stops a chat model whose answer carries a denied tool call', async () => {
    const model = new ChatOpenAI({
      model: 'm',
      apiKey: 'k',
      configuration: { baseURL: `${upstream.url}/v1` },
      callbacks: [new BulwarkCallbackHandler({ guard, principal })],
      maxRetries: 0,
    });
    upstream.reply({ text: 'fine' });
    expect((await model.invoke('status?')).content).toBe('fine');
    upstream.reply({ toolCalls: [{ name: 'delete_repo', arguments: '{"repo":"a/b"}' }] });
    await expect(model.invoke('clean up')).rejects.toBeInstanceOf(DeniedError);
  });
});
