/**
 * Vercel AI SDK: a guarded model (language-model middleware) and guarded tools, against the local
 * fake model (offline): `npm run build && node dist/examples/vercel-ai.js`
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText, tool, wrapLanguageModel } from 'ai';
import { z } from 'zod';
import { startFakeUpstream } from '../bench/fake-upstream.js';
import { bulwarkMiddleware, guardTools } from '../src/sdk/adapters/ai.js';
import { exampleGuard, show } from './shared.js';

const upstream = await startFakeUpstream();
const { guard, streamScanner } = exampleGuard();
const principal = { id: 'example-agent', type: 'agent' };
const openai = createOpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'sk-offline' });
const model = wrapLanguageModel({
  model: openai.chat('fake'),
  middleware: bulwarkMiddleware({ guard, streamScanner, principal }),
});

upstream.reply({ chunks: ['Ask jane', '.doe@example', '.com about it.'] });
const streamed = streamText({ model, prompt: 'Who knows about the outage?' });
let text = '';
for await (const delta of streamed.textStream) text += delta;
show('streamed answer (redacted):', text);

const tools = guardTools(
  {
    lookup: tool({
      description: 'Look up a customer',
      inputSchema: z.object({ id: z.string() }),
      execute: async ({ id }) => ({ id, email: 'jane.doe@example.com', plan: 'pro' }),
    }),
  },
  { guard, principal },
);
upstream.reply((req) =>
  (req.body.messages as unknown[]).length > 1
    ? { text: 'Done.' }
    : { toolCalls: [{ name: 'lookup', arguments: '{"id":"c-42"}' }] },
);
const withTool = await generateText({
  model,
  tools,
  prompt: 'Look up customer c-42',
  stopWhen: ({ steps }) => steps.length >= 2,
});
show('tool result (redacted):', withTool.steps[0]?.toolResults[0]?.output);

upstream.reply({ toolCalls: [{ name: 'delete_repo', arguments: '{"repo":"acme/app"}' }] });
try {
  await generateText({ model, prompt: 'Clean up the repo' });
} catch (err) {
  show('denied tool call:', err instanceof Error ? err.message : String(err));
}

await upstream.close();
await guard.close();
