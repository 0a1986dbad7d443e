// The Gotify channel against a local receiver standing in for a Gotify server: the exact message
// for an outage and its recovery with the token in X-Gotify-Key (never in the URL), priorities,
// and failures reported without the token.
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
import { gotifyChannel, type GotifyConfig } from './gotify.js';

const TOKEN = 'AbCdEf.123_xyz';

const { config, faults: errors } = configChecks<GotifyConfig>(gotifyChannel);

describe('gotify channel configuration', () => {
  it('takes a server, a token and an optional priority', () => {
    assert.deepEqual(config({ server_url: 'https://push.example/gotify/', token: TOKEN }), {
      server_url: 'https://push.example/gotify',
      token: TOKEN,
      priority: null,
    });
    assert.equal(
      config({ server_url: 'https://push.example', token: TOKEN, priority: 0 }).priority,
      0,
    );
    assert.deepEqual(gotifyChannel.secretFields, ['token']);
  });

  it('names the field at fault', () => {
    assert.deepEqual(errors({}), ['server_url', 'token']);
    assert.deepEqual(errors({ server_url: 'https://push.example' }), ['token']);
    assert.deepEqual(errors({ server_url: 'https://push.example?token=x', token: TOKEN }), [
      'server_url',
    ]);
    assert.deepEqual(errors({ server_url: 'https://push.example', token: 'a b' }), ['token']);
    assert.deepEqual(errors({ server_url: 'https://push.example', token: TOKEN, priority: 11 }), [
      'priority',
    ]);
    assert.deepEqual(errors({ server_url: 'https://push.example', token: TOKEN, priority: 2.5 }), [
      'priority',
    ]);
  });
});

describe('gotify channel sending', () => {
  const receiver = useReceiver();

  it('POSTs an outage and its recovery to /message with the token in a header', async () => {
    const settings = config({ server_url: `${receiver().url}/g`, token: TOKEN });
    assert.deepEqual(await gotifyChannel.send(monitorDown, settings, sendContext()), {
      ok: true,
      statusCode: 200,
      error: null,
    });
    await gotifyChannel.send(monitorRecovered, settings, sendContext());
    const [down, up] = receiver().requests('/g');
    assertVigilPosts(receiver().requests('/g'), {
      eventIds: ['evt-down-1', 'evt-up-2'],
      paths: '/g/message',
      headers: { 'x-gotify-key': TOKEN, authorization: undefined },
    });
    assert.deepEqual(JSON.parse(down!.body), {
      title: 'website is down',
      message: DOWN_TEXT,
      priority: 8,
      extras: { 'client::display': { contentType: 'text/plain' } },
    });
    assert.deepEqual(JSON.parse(up!.body), {
      title: 'website has recovered',
      message: RECOVERED_TEXT,
      priority: 4,
      extras: { 'client::display': { contentType: 'text/plain' } },
    });
  });

  it('uses a fixed priority when the channel sets one', async () => {
    const settings = config({ server_url: `${receiver().url}/fixed`, token: TOKEN, priority: 10 });
    await gotifyChannel.send(monitorRecovered, settings, sendContext());
    assert.equal(
      (JSON.parse(receiver().requests('/fixed')[0]!.body) as { priority: number }).priority,
      10,
    );
  });

  it('reports a refusal with Gotify’s error, never the token', async () => {
    receiver().behave('/denied', {
      status: 401,
      body: JSON.stringify({
        error: 'Unauthorized',
        errorCode: 401,
        errorDescription: `you need to provide a valid access token, not ${TOKEN}`,
      }),
    });
    const settings = config({ server_url: `${receiver().url}/denied`, token: TOKEN });
    assert.deepEqual(await gotifyChannel.send(monitorDown, settings, sendContext()), {
      ok: false,
      statusCode: 401,
      error: 'HTTP 401: Unauthorized; you need to provide a valid access token, not [secret]',
    });
  });
});
