// Typed errors carrying what a user needs to fix the problem; the web layer maps them onto
// `{ "error": { "code", "message", "field"? } }` with their HTTP status.

export class VigilError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends VigilError {
  constructor(field: string, message: string) {
    super('validation_failed', message, 400, field);
  }
}

export class NotFoundError extends VigilError {
  constructor(entity: string, id: string) {
    super('not_found', `${entity} ${JSON.stringify(id)} does not exist`, 404);
  }
}

export class ConflictError extends VigilError {
  constructor(field: string, message: string) {
    super('conflict', message, 409, field);
  }
}

export class AuthenticationError extends VigilError {
  constructor(message = 'authentication required') {
    super('unauthorized', message, 401);
  }
}

export class PermissionError extends VigilError {
  constructor(message: string) {
    super('forbidden', message, 403);
  }
}
