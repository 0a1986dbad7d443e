// An error the CLI prints as one plain message (no stack trace) before exiting non-zero: the
// user can fix it (a missing file, a busy data directory, a wrong option).
export class CliError extends Error {
  readonly userFacing = true;
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
