// The channel form is generic over the channel types: a made-up type with every kind of field
// hint (choice, list, number, secret, plain) gets the right controls, and its form values become
// the config its validate() sees — on create (empty left out) and on edit (empty public setting
// removed, empty secret kept, ticked secret removed).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defineChannel } from '../../notifier/channel.js';
import type { ChannelView } from '../../services/channel-service.js';
import {
  changedChannelInput,
  channelFormValues,
  newChannelFormValues,
  newChannelInput,
  withoutSecrets,
} from './channel-form-input.js';
import { ChannelFormPage } from './views/channel-form.js';

const pigeon = defineChannel<Record<string, unknown>>({
  type: 'pigeon',
  label: 'Carrier pigeon',
  hints: {
    loft: { label: 'Loft', required: true, choices: ['north', 'south'] },
    recipients: { label: 'Recipients', list: true, help: 'Who reads it.' },
    altitude: { label: 'Altitude', numeric: true },
    token: { label: 'Ring token', required: true },
    password: { label: 'Password' },
  },
  fields: ['loft', 'recipients', 'altitude', 'token', 'password'],
  secretFields: ['token', 'password'],
  validate: (input) => ({ ok: true, config: input }),
  send: () => Promise.resolve({ ok: true, statusCode: 200, error: null }),
});

const view = { csrf: 'csrf-token', user: { email: 'a@example.com' } };

describe('channel form input', () => {
  it('builds a create input: lists one per line, numbers as numbers, empty left out', () => {
    const input = newChannelInput(pigeon, {
      name: ' coop ',
      enabled: 'true',
      'config.loft': 'south',
      'config.recipients': ' ann \r\n\r\nbob\n',
      'config.altitude': ' 120 ',
      'config.token': ' spaced secret ',
      'config.password': '',
    });
    assert.deepEqual(input, {
      name: ' coop ',
      type: 'pigeon',
      enabled: true,
      config: {
        loft: 'south',
        recipients: ['ann', 'bob'],
        altitude: 120,
        token: ' spaced secret ',
      },
    });
    const typo = newChannelInput(pigeon, { name: 'x', 'config.altitude': '12 m' });
    assert.equal(typo.config && (typo.config as Record<string, unknown>).altitude, '12 m');
    assert.equal(typo.enabled, false, 'an unticked box is off');
  });

  it('builds an edit input: emptied settings removed, empty secrets kept, ticked ones removed', () => {
    const input = changedChannelInput(pigeon, {
      name: 'coop',
      'config.loft': 'north',
      'config.recipients': '',
      'config.altitude': '',
      'config.token': '',
      'config.password': '',
      clear_secret: ['password'],
    });
    assert.deepEqual(input, {
      name: 'coop',
      enabled: false,
      config: { loft: 'north', recipients: null, altitude: null, password: null },
    });
    assert.equal('token' in (input.config as object), false, 'token is kept by leaving it out');
  });

  it('fills the edit form from the stored channel, and never shows a secret again', () => {
    const channel: ChannelView = {
      id: 'c1',
      name: 'coop',
      type: 'pigeon',
      enabled: true,
      config: { loft: 'south', recipients: ['ann', 'bob'], altitude: 120 },
      secrets: { token: true, password: false },
      created_at: new Date(0),
      updated_at: new Date(0),
    };
    assert.deepEqual(channelFormValues(channel), {
      name: 'coop',
      enabled: 'true',
      'config.loft': 'south',
      'config.recipients': 'ann\nbob',
      'config.altitude': '120',
    });
    assert.deepEqual(newChannelFormValues(pigeon), { enabled: 'true', 'config.loft': 'north' });
    assert.deepEqual(
      withoutSecrets(pigeon, { name: 'x', 'config.token': 's', 'config.loft': 'n' }),
      {
        name: 'x',
        'config.loft': 'n',
      },
    );
  });

  it('renders each hint as its control', async () => {
    const html = await ChannelFormPage({
      view,
      type: pigeon,
      form: { values: { 'config.loft': 'south', 'config.token': 'typed' }, errors: {} },
    });
    assert.match(html, /<select id="f-config-loft" name="config\.loft" required>/);
    assert.match(html, /<option value="south" selected>south<\/option>/);
    assert.match(html, /<textarea id="f-config-recipients" name="config\.recipients" rows="3"/);
    assert.match(html, /Who reads it\. One per line\./);
    assert.match(
      html,
      /<input id="f-config-altitude" name="config\.altitude" type="number" inputmode="numeric"/,
    );
    assert.match(
      html,
      /<input id="f-config-token" name="config\.token" type="password" required autocomplete="off"/,
    );
    assert.ok(!html.includes('typed'), 'a secret value is never rendered');
    assert.match(html, /<input type="hidden" name="type" value="pigeon"/);

    const channel: ChannelView = {
      id: 'c1',
      name: 'coop',
      type: 'pigeon',
      enabled: true,
      config: {},
      secrets: { token: true, password: true },
      created_at: new Date(0),
      updated_at: new Date(0),
    };
    const edit = await ChannelFormPage({
      view,
      type: pigeon,
      form: { values: {}, errors: {} },
      channel,
    });
    assert.match(
      edit.match(/id="f-config-token-hint"[^<]*/)?.[0] ?? '',
      /Stored — leave empty to keep it\./,
    );
    assert.doesNotMatch(
      edit,
      /name="config\.token"[^>]*required/,
      'a stored secret need not be typed again',
    );
    assert.doesNotMatch(edit, /id="f-clear-token"/, 'a required secret cannot be removed');
    assert.match(
      edit,
      /id="f-clear-password" name="clear_secret" type="checkbox" value="password"/,
    );
    assert.doesNotMatch(edit, /name="type"/, 'the type cannot change');
  });
});
