/** Server-Sent Events on the wire: an incremental parser (eventsource-parser) and the serialiser. */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One SSE event. */
export interface SseEvent {
  readonly event?: string | undefined;
  readonly data: string;
}

/** Splits a byte stream into events, however the chunks fall. */
export function sseSplitter(): { feed(chunk: string): SseEvent[] } {
  let out: SseEvent[] = [];
  const parser = createParser({
    onEvent: (m: EventSourceMessage) => {
      out.push(m.event === undefined ? { data: m.data } : { event: m.event, data: m.data });
    },
  });
  return {
    feed(chunk) {
      parser.feed(chunk);
      const got = out;
      out = [];
      return got;
    },
  };
}

/** Wire form of an event. */
export function formatSse(ev: SseEvent): string {
  const head = ev.event === undefined ? '' : `event: ${ev.event}\n`;
  return `${head}data: ${ev.data.split('\n').join('\ndata: ')}\n\n`;
}
