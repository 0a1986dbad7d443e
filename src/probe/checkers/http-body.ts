// Reads a response body as text up to a byte limit, so a huge or endless body cannot exhaust a probe.
import type { Readable } from 'node:stream';

export async function readCappedBody(
  body: Readable,
  maxBytes: number,
  signal: AbortSignal,
): Promise<{ text: string; truncated: boolean }> {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let text = '';
  let bytes = 0;
  let truncated = false;
  signal.throwIfAborted();
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    const room = maxBytes - bytes;
    if (buffer.length > room) {
      text += decoder.decode(buffer.subarray(0, room), { stream: true });
      truncated = true;
      break;
    }
    bytes += buffer.length;
    text += decoder.decode(buffer, { stream: true });
  }
  return { text: text + decoder.decode(), truncated };
}
