// The probe thread's transport across a message channel: answers and each kind of failure arrive
// on the worker's side as they left the main thread's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import type { AssignmentResponse } from '../domain/monitoring/probe-protocol.js';
import { PortTransport, servePortTransport } from './port-transport.js';
import { ProbeTransportError, type ProbeTransport } from './transport.js';

function connected(main: ProbeTransport): { transport: PortTransport; close: () => void } {
  const { port1, port2 } = new MessageChannel();
  servePortTransport(port1, main);
  const transport = new PortTransport(port2);
  port2.on('message', (message) => transport.receive(message));
  return {
    transport,
    close: () => {
      port1.close();
      port2.close();
    },
  };
}

describe('port transport', () => {
  it('carries calls to the main thread and their answers back, several at once', async () => {
    const seen: string[] = [];
    const { transport, close } = connected({
      async assignment(request) {
        seen.push(`assignment ${request.agent_id}`);
        return { region: 'local', agent_id: request.agent_id } as AssignmentResponse;
      },
      async submit(batch) {
        seen.push(`submit ${batch.results.length}`);
        return { accepted: batch.results.length, stored: 0 };
      },
    });
    try {
      const [assigned, receipt] = await Promise.all([
        transport.assignment({ agent_id: 'a1' }),
        transport.submit({ agent_id: 'a1', results: [] }),
      ]);
      assert.equal(assigned.agent_id, 'a1');
      assert.deepEqual(receipt, { accepted: 0, stored: 0 });
      assert.deepEqual(seen.sort(), ['assignment a1', 'submit 0']);
    } finally {
      close();
    }
  });

  it('keeps the kind of a failure: rejected stays rejected, anything else is retry', async () => {
    const { transport, close } = connected({
      async assignment() {
        throw new Error('database is restarting');
      },
      async submit() {
        throw new ProbeTransportError('rejected', 'results[0].id is bad', 400);
      },
    });
    try {
      await assert.rejects(transport.assignment({ agent_id: 'a' }), (error: unknown) => {
        assert.ok(error instanceof ProbeTransportError);
        assert.equal(error.failure, 'retry');
        assert.match(error.message, /restarting/);
        return true;
      });
      await assert.rejects(transport.submit({ agent_id: 'a', results: [] }), (error: unknown) => {
        assert.ok(error instanceof ProbeTransportError);
        assert.equal(error.failure, 'rejected');
        assert.equal(error.status, 400);
        return true;
      });
    } finally {
      close();
    }
  });
});
