// The control socket of a running Vigil (DATA_DIR/vigil.sock, mode 0600): HTTP over a Unix socket,
// `POST /commands/<name>` with JSON arguments, answered with the command's output or
// `{ error: { code, message, field? } }`. It lets the CLI work while the server holds the database.
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { VigilError } from '../domain/errors.js';
import type { CommandContext } from './command.js';
import { CONTROL_COMMANDS } from './commands/index.js';
import { toWire } from './wire-errors.js';

/** Configuration files and passwords are small; anything larger is a mistake. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ControlServer {
  socketPath: string;
  close(): Promise<void>;
}

export async function startControlServer(options: {
  socketPath: string;
  context: CommandContext;
  logger: Logger;
}): Promise<ControlServer> {
  const { socketPath, context, logger } = options;
  const server = createServer((request, response) => {
    handle(request, response, context, logger).catch((error: unknown) => {
      logger.error({ err: error }, 'control command failed');
      send(response, 500, {
        error: { code: 'internal', message: 'internal error; see the server log' },
      });
    });
  });
  // The caller holds the DATA_DIR lock, so a socket file left here is from a process that died.
  if (existsSync(socketPath)) unlinkSync(socketPath);
  // Created without group/other permissions from the start: only this user may drive the server.
  const previousMask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(previousMask);
  }
  chmodSync(socketPath, 0o600);
  return {
    socketPath,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (existsSync(socketPath)) unlinkSync(socketPath);
    },
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  context: CommandContext,
  logger: Logger,
): Promise<void> {
  const match = /^\/commands\/([a-z.-]+)$/.exec(request.url ?? '');
  const command = match ? CONTROL_COMMANDS[match[1]!] : undefined;
  if (request.method !== 'POST' || !command) {
    send(response, 404, {
      error: { code: 'not_found', message: `no such command: ${request.url}` },
    });
    return;
  }
  let args: unknown;
  try {
    args = JSON.parse(await readBody(request));
  } catch (error) {
    send(response, 400, { error: { code: 'bad_request', message: (error as Error).message } });
    return;
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    send(response, 400, {
      error: { code: 'bad_request', message: 'arguments must be a JSON object' },
    });
    return;
  }
  try {
    const parsed = command.parse(args as Record<string, unknown>);
    send(response, 200, { output: await command.run(context, parsed) });
    logger.info({ command: match![1] }, 'vigil command ran through the control socket');
  } catch (error) {
    if (!(error instanceof VigilError)) throw error;
    logger.info({ command: match![1], code: error.code }, 'vigil command refused');
    const wire = toWire(error);
    send(response, wire.status, wire.body);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request larger than ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
