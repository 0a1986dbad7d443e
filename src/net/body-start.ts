// Reads no more than the start of an HTTP response body (for an error message) and releases the
// connection, whatever the body holds or however long it is: shared by the probe's transport and
// the notifier's channels, which both want to say why a server refused without trusting its size.

export type ReadableBody = AsyncIterable<Buffer> & { destroy(): unknown };

export async function readBodyStart(
  body: ReadableBody,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      if (signal?.aborted) break;
      chunks.push(chunk);
      size += chunk.length;
      if (size >= maxBytes) break;
    }
  } catch {
    // The status already says what went wrong; the body is a bonus.
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}
