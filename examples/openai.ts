/**
 * OpenAI SDK, guarded in-process, against the local fake model (offline):
 * `npm run build && node dist/examples/openai.js`
 */
import OpenAI from 'openai';
import { startFakeUpstream } from '../bench/fake-upstream.js';
import { guardOpenAI } from '../src/sdk/adapters/openai.js';
import { exampleGuard, show } from './shared.js';

const upstream = await startFakeUpstream();
const { guard, streamScanner } = exampleGuard();
const client = guardOpenAI(new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'sk-offline' }), {
  guard,
  streamScanner,
  principal: { id: 'example-agent', type: 'agent' },
});
const messages = [{ role: 'user' as const, content: 'Who do I contact?' }];

upstream.reply({ text: 'Write to jane.doe@example.com, she will help.' });
const plain = await client.chat.completions.create({ model: 'fake', messages });
show('plain answer (redacted):', plain.choices[0]?.message.content);

upstream.reply({ chunks: ['Write to ja', 'ne.doe@exam', 'ple.com, she', ' will help.'] });
let streamed = '';
for await (const chunk of await client.chat.completions.create({
  model: 'fake',
  messages,
  stream: true,
})) {
  streamed += chunk.choices[0]?.delta.content ?? '';
}
show('streamed answer (redacted):', streamed);

upstream.reply({ toolCalls: [{ name: 'delete_repo', arguments: '{"repo":"acme/app"}' }] });
try {
  await client.chat.completions.create({ model: 'fake', messages });
} catch (err) {
  show('denied tool call:', err instanceof Error ? err.message : String(err));
}

await upstream.close();
await guard.close();
