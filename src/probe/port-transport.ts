// ProbeTransport across a worker thread's message port: the probe of `vigil start` runs on a
// thread of its own (its timers are not held up by the embedded database's work on the main
// thread) and reaches web's probe ingest through the main thread, with the same errors.
import {
  ProbeTransportError,
  type ProbeTransport,
  type ProbeTransportFailure,
} from './transport.js';

type Method = keyof ProbeTransport;

/** A Worker on the main thread's side, a MessagePort on the worker's (or either end in tests). */
export interface MessageEnd {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  postMessage(message: unknown): void;
}

interface Call {
  kind: 'call';
  seq: number;
  method: Method;
  payload: unknown;
}

type Reply =
  | { kind: 'reply'; seq: number; ok: true; value: unknown }
  | {
      kind: 'reply';
      seq: number;
      ok: false;
      error: {
        failure: ProbeTransportFailure;
        message: string;
        status?: number;
        retryAfterMs?: number;
      };
    };

/** The worker's end: each call is posted to the main thread and answered by `servePortTransport`. */
export class PortTransport implements ProbeTransport {
  private seq = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();

  constructor(private readonly port: MessageEnd) {}

  assignment: ProbeTransport['assignment'] = (request) => this.call('assignment', request) as never;
  submit: ProbeTransport['submit'] = (batch) => this.call('submit', batch) as never;

  /** Hands a message from the main thread over; false when it was not a reply. */
  receive(message: unknown): boolean {
    const reply = message as Reply;
    if (reply?.kind !== 'reply') return false;
    const waiter = this.waiting.get(reply.seq);
    if (!waiter) return true;
    this.waiting.delete(reply.seq);
    if (reply.ok) waiter.resolve(reply.value);
    else {
      const { failure, message: text, status, retryAfterMs } = reply.error;
      waiter.reject(new ProbeTransportError(failure, text, status, retryAfterMs));
    }
    return true;
  }

  private call(method: Method, payload: unknown): Promise<unknown> {
    const seq = (this.seq += 1);
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.port.postMessage({ kind: 'call', seq, method, payload } satisfies Call);
    });
  }
}

/** The main thread's end: answers the worker's calls with `transport` (the in-process one). */
export function servePortTransport(worker: MessageEnd, transport: ProbeTransport): void {
  worker.on('message', (message: unknown) => {
    const call = message as Call;
    if (call?.kind !== 'call' || (call.method !== 'assignment' && call.method !== 'submit')) return;
    const answer =
      call.method === 'assignment'
        ? transport.assignment(call.payload as never)
        : transport.submit(call.payload as never);
    answer.then(
      (value) =>
        worker.postMessage({ kind: 'reply', seq: call.seq, ok: true, value } satisfies Reply),
      (error: unknown) => {
        const known = error instanceof ProbeTransportError ? error : undefined;
        worker.postMessage({
          kind: 'reply',
          seq: call.seq,
          ok: false,
          error: {
            failure: known?.failure ?? 'retry',
            message: error instanceof Error ? error.message : String(error),
            ...(known?.status !== undefined && { status: known.status }),
            ...(known?.retryAfterMs !== undefined && { retryAfterMs: known.retryAfterMs }),
          },
        } satisfies Reply);
      },
    );
  });
}
