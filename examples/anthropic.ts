/**
 * Anthropic SDK, guarded in-process, against the local fake model (offline):
 * `npm run build && node dist/examples/anthropic.js`
 */
import Anthropic from '@anthropic-ai/sdk';
import { startFakeUpstream } from '../bench/fake-upstream.js';
import { guardAnthropic } from '../src/sdk/adapters/anthropic.js';
import { exampleGuard, show } from './shared.js';

const upstream = await startFakeUpstream();
const { guard, streamScanner } = exampleGuard();
const client = guardAnthropic(new Anthropic({ baseURL: upstream.url, apiKey: 'sk-ant-offline' }), {
  guard,
  streamScanner,
  principal: { id: 'example-agent', type: 'agent' },
});
const request = {
  model: 'fake',
  max_tokens: 200,
  messages: [{ role: 'user' as const, content: 'Summarise the ticket.' }],
};

upstream.reply({ chunks: ['The customer (jane', '.doe@example.com) ', 'wants a refund.'] });
const message = await client.messages.stream(request).finalMessage();
show(
  'streamed answer (redacted):',
  message.content.map((b) => (b.type === 'text' ? b.text : '')).join(''),
);

upstream.reply({ toolCalls: [{ name: 'delete_repo', arguments: '{"repo":"acme/app"}' }] });
try {
  await client.messages.create(request);
} catch (err) {
  show(
    'denied tool_use:',
    err instanceof Anthropic.APIError
      ? `${err.status} ${(err.error as { error?: { message?: string } }).error?.message}`
      : String(err),
  );
}

await upstream.close();
await guard.close();
