// The Pushover channel against a local receiver standing in for the Message API: the exact form
// parameters for an outage and its recovery, the refused emergency priority, a 2xx counted as
// delivered only with Pushover's `"status":1`, and Pushover's `errors` reported without the token
// or user key.
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
import { pushoverChannel, type PushoverConfig } from './pushover.js';

const APP = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';
const USER = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';

const { config, faults: errors } = configChecks<PushoverConfig>(pushoverChannel);

describe('pushover channel configuration', () => {
  it('takes a token and a user key, optional devices and priority', () => {
    assert.deepEqual(config({ app_token: APP, user_key: USER }), {
      app_token: APP,
      user_key: USER,
      device: null,
      priority: null,
      api_url: 'https://api.pushover.net',
    });
    const settings = config({
      app_token: APP,
      user_key: USER,
      device: 'phone,tab_2',
      priority: -1,
    });
    assert.equal(settings.device, 'phone,tab_2');
    assert.equal(settings.priority, -1);
    assert.deepEqual(pushoverChannel.secretFields, ['app_token', 'user_key']);
  });

  it('names the field at fault, and refuses emergency priority', () => {
    const ok = { app_token: APP, user_key: USER };
    assert.deepEqual(errors({}), ['app_token', 'user_key']);
    assert.deepEqual(errors({ ...ok, app_token: APP.slice(1) }), ['app_token']);
    assert.deepEqual(errors({ ...ok, user_key: 'me@example.com' }), ['user_key']);
    assert.deepEqual(errors({ ...ok, device: 'phone, tablet' }), ['device']);
    assert.deepEqual(errors({ ...ok, priority: -3 }), ['priority']);
    assert.deepEqual(errors({ ...ok, api_url: 'https://x.example/#frag' }), ['api_url']);
    const emergency = pushoverChannel.validate({ ...ok, priority: 2 });
    assert.ok(!emergency.ok);
    assert.equal(emergency.errors[0]?.field, 'priority');
    assert.match(emergency.errors[0]?.message ?? '', /emergency/);
  });
});

describe('pushover channel sending', () => {
  const receiver = useReceiver();

  const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

  it('POSTs an outage and its recovery as form parameters to /1/messages.json', async () => {
    receiver().behave('/po', { status: 200, body: '{"status":1,"request":"abc"}' });
    const settings = config({
      app_token: APP,
      user_key: USER,
      api_url: `${receiver().url}/po`,
      device: 'phone',
    });
    assert.deepEqual(await pushoverChannel.send(monitorDown, settings, sendContext()), {
      ok: true,
      statusCode: 200,
      error: null,
    });
    await pushoverChannel.send(monitorRecovered, settings, sendContext());
    const [down, up] = receiver().requests('/po');
    assertVigilPosts(receiver().requests('/po'), {
      eventIds: ['evt-down-1', 'evt-up-2'],
      paths: '/po/1/messages.json',
      contentType: 'application/x-www-form-urlencoded',
    });
    assert.deepEqual(form(down!.body), {
      token: APP,
      user: USER,
      device: 'phone',
      title: 'website is down',
      message: DOWN_TEXT,
      priority: '1',
      timestamp: String(Date.parse('2026-03-01T09:59:58Z') / 1000),
    });
    assert.deepEqual(form(up!.body), {
      token: APP,
      user: USER,
      device: 'phone',
      title: 'website has recovered',
      message: RECOVERED_TEXT,
      priority: '0',
      timestamp: String(Date.parse('2026-03-01T10:04:00Z') / 1000),
    });
  });

  it('reports Pushover’s errors, never the token or user key', async () => {
    receiver().behave('/bad', {
      status: 400,
      body: JSON.stringify({
        user: 'invalid',
        errors: ['user identifier is invalid', `application token ${APP} is invalid`],
        status: 0,
        request: 'r-1',
      }),
    });
    const settings = config({ app_token: APP, user_key: USER, api_url: `${receiver().url}/bad` });
    const result = await pushoverChannel.send(monitorDown, settings, sendContext());
    assert.deepEqual(result, {
      ok: false,
      statusCode: 400,
      error: 'HTTP 400: user identifier is invalid; application token [secret] is invalid',
    });
    assert.ok(!JSON.stringify(result).includes(USER));
  });

  it('counts a 2xx as delivered only when its JSON says status 1, else reports why', async () => {
    const sent = async (path: string, body: string) => {
      receiver().behave(path, { status: 200, body });
      const settings = config({ app_token: APP, user_key: USER, api_url: receiver().url + path });
      return pushoverChannel.send(monitorDown, settings, sendContext());
    };
    assert.deepEqual(
      await sent('/refused', '{"status":0,"errors":["message cannot be blank"],"request":"r-2"}'),
      { ok: false, statusCode: 200, error: 'HTTP 200: message cannot be blank' },
    );
    assert.deepEqual(await sent('/bare', '{"status":0,"request":"r-3"}'), {
      ok: false,
      statusCode: 200,
      error: 'HTTP 200: Pushover answered with status 0 and no errors',
    });
    assert.deepEqual(await sent('/html', `<html>\n<p>Welcome ${USER}</p></html>`), {
      ok: false,
      statusCode: 200,
      error: `HTTP 200: not Pushover's answer (a JSON "status" was expected): <html> <p>Welcome [secret]</p></html>`,
    });
    assert.equal((await sent('/empty', '')).ok, false);
    assert.deepEqual(await sent('/ok', '{"status":1,"request":"r-4"}'), {
      ok: true,
      statusCode: 200,
      error: null,
    });
  });
});
