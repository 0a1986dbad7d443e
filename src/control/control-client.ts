// The CLI's side of the control socket: runs a command in the server's process when one is
// listening, and says so when none is (no socket file, or a stale one nobody listens on).
import { request } from 'node:http';
import type { CommandOutput } from './command.js';
import { fromWire, type WireError } from './wire-errors.js';

export type ControlAnswer = { ran: true; output: CommandOutput } | { ran: false };

/** Rejects with the command's own error (a VigilError) when the server refused it. */
export function callControlServer(
  socketPath: string,
  command: string,
  args: Record<string, unknown>,
): Promise<ControlAnswer> {
  const body = JSON.stringify(args);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        path: `/commands/${command}`,
        method: 'POST',
        // A fresh connection that closes afterwards, so the CLI exits as soon as it is done.
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
              output?: CommandOutput;
              error?: WireError;
            };
            if (response.statusCode === 200 && parsed.output) {
              resolve({ ran: true, output: parsed.output });
            } else if (parsed.error) {
              reject(fromWire(response.statusCode ?? 500, parsed.error));
            } else {
              reject(new Error(`unexpected answer from ${socketPath}`));
            }
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') resolve({ ran: false });
      else reject(error);
    });
    req.end(body);
  });
}
