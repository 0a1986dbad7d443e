// How a command's error crosses the control socket: the `{ error: { code, message, field? } }`
// shape of the HTTP API, plus the file problems of a configuration error, so the CLI prints the
// same thing whether the command ran in its own process or in the server's.
import { VigilError } from '../domain/errors.js';
import { ConfigFileError, type ConfigProblem } from '../config-file/config-file-error.js';

export interface WireError {
  code: string;
  message: string;
  field?: string;
  /** Line and column of the first problem, for clients that show one. */
  line?: number;
  column?: number;
  file?: string;
  problems?: ConfigProblem[];
}

export function toWire(error: VigilError): { status: number; body: { error: WireError } } {
  const wire: WireError = { code: error.code, message: error.message };
  if (error.field) wire.field = error.field;
  if (error instanceof ConfigFileError) {
    wire.file = error.file;
    wire.problems = error.problems;
    const first = error.problems[0];
    if (first?.line) Object.assign(wire, { line: first.line, column: first.column });
  }
  return { status: error.statusCode, body: { error: wire } };
}

export function fromWire(status: number, wire: WireError): VigilError {
  if (wire.code === 'invalid_config' && wire.file !== undefined && Array.isArray(wire.problems)) {
    return new ConfigFileError(wire.file, wire.problems);
  }
  return new VigilError(wire.code, wire.message, status, wire.field);
}
