// The ntfy channel against a local receiver standing in for an ntfy server: the exact JSON
// publish for an outage and its recovery, token and basic authentication, and failures
// reported without the credentials.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertVigilPosts,
  configChecks,
  sendContext,
  useReceiver,
} from '../../../test/support/channel-checks.js';
import {
  monitorDown,
  monitorRecovered,
  DOWN_TEXT,
  RECOVERED_TEXT,
} from '../../../test/support/notification-events.js';
import { ntfyChannel, type NtfyConfig } from './ntfy.js';

const { config, faults: errors } = configChecks<NtfyConfig>(ntfyChannel);

describe('ntfy channel configuration', () => {
  it('takes a topic on ntfy.sh, or a server, a priority and credentials', () => {
    assert.deepEqual(config({ topic: 'vigil-alerts' }), {
      server_url: 'https://ntfy.sh',
      topic: 'vigil-alerts',
      priority: null,
      token: null,
      username: null,
      password: null,
    });
    assert.deepEqual(
      config({
        server_url: 'https://ntfy.example/',
        topic: 'ops_1',
        priority: '4',
        token: 'tk_abc',
      }),
      {
        server_url: 'https://ntfy.example',
        topic: 'ops_1',
        priority: 4,
        token: 'tk_abc',
        username: null,
        password: null,
      },
    );
    const basic = config({ topic: 'ops', username: 'phil', password: 'pw' });
    assert.deepEqual([basic.token, basic.username, basic.password], [null, 'phil', 'pw']);
    assert.deepEqual(ntfyChannel.secretFields, ['token', 'password']);
  });

  it('names the field at fault', () => {
    assert.deepEqual(errors({}), ['topic']);
    assert.deepEqual(errors({ topic: 'a/b' }), ['topic']);
    assert.deepEqual(errors({ topic: 'x'.repeat(65) }), ['topic']);
    assert.deepEqual(errors({ topic: 'ops', priority: 6 }), ['priority']);
    assert.deepEqual(errors({ topic: 'ops', priority: 'high' }), ['priority']);
    assert.deepEqual(errors({ topic: 'ops', server_url: 'ntfy.sh' }), ['server_url']);
    assert.deepEqual(errors({ topic: 'ops', username: 'phil' }), ['password']);
    assert.deepEqual(errors({ topic: 'ops', password: 'pw' }), ['username']);
    assert.deepEqual(errors({ topic: 'ops', token: 'tk', username: 'a', password: 'b' }), [
      'token',
    ]);
  });
});

describe('ntfy channel sending', () => {
  const receiver = useReceiver();

  it('publishes an outage and its recovery as JSON to the server root, with a token', async () => {
    const settings = config({
      server_url: `${receiver().url}/ntfy`,
      topic: 'ops',
      token: 'tk_secret1',
    });
    assert.deepEqual(await ntfyChannel.send(monitorDown, settings, sendContext()), {
      ok: true,
      statusCode: 200,
      error: null,
    });
    await ntfyChannel.send(monitorRecovered, settings, sendContext());
    const [down, up] = receiver().requests('/ntfy');
    assertVigilPosts(receiver().requests('/ntfy'), {
      eventIds: ['evt-down-1', 'evt-up-2'],
      paths: '/ntfy/',
      headers: { authorization: 'Bearer tk_secret1' },
    });
    assert.deepEqual(JSON.parse(down!.body), {
      topic: 'ops',
      title: 'website is down',
      message: DOWN_TEXT,
      priority: 5,
      tags: ['rotating_light'],
    });
    assert.deepEqual(JSON.parse(up!.body), {
      topic: 'ops',
      title: 'website has recovered',
      message: RECOVERED_TEXT,
      priority: 3,
      tags: ['white_check_mark'],
    });
  });

  it('authenticates with a user name and password, and a fixed priority', async () => {
    const settings = config({
      server_url: `${receiver().url}/basic`,
      topic: 'ops',
      username: 'phil',
      password: 'p4ss:word',
      priority: 2,
    });
    await ntfyChannel.send(monitorDown, settings, sendContext());
    const [request] = receiver().requests('/basic');
    assert.equal(
      request!.headers.authorization,
      `Basic ${Buffer.from('phil:p4ss:word').toString('base64')}`,
    );
    assert.equal((JSON.parse(request!.body) as { priority: number }).priority, 2);
    await ntfyChannel.send(
      monitorDown,
      config({ server_url: `${receiver().url}/anon`, topic: 'o' }),
      sendContext(),
    );
    assert.equal(receiver().requests('/anon')[0]!.headers.authorization, undefined);
  });

  it('reports a refusal with ntfy’s error, never the token', async () => {
    receiver().behave('/denied', {
      status: 403,
      body: JSON.stringify({
        code: 40301,
        http: 403,
        error: 'forbidden for tk_secret1',
        link: 'x',
      }),
    });
    const settings = config({
      server_url: `${receiver().url}/denied`,
      topic: 'ops',
      token: 'tk_secret1',
    });
    assert.deepEqual(await ntfyChannel.send(monitorDown, settings, sendContext()), {
      ok: false,
      statusCode: 403,
      error: 'HTTP 403: forbidden for [secret]',
    });
  });
});
