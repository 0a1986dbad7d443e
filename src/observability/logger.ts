// Structured JSON logs (pino) on stdout; secrets never reach them (see `redact`).
import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/env.js';

export function createLogger(level: LogLevel, name = 'vigil'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'password',
        '*.password',
        'token',
        '*.token',
        'secret',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  });
}
