// The Telegram channel against a local Bot API stand-in: configuration errors name the field (and
// say what is wrong with a chat id), a send is exactly one sendMessage call with HTML-escaped text, and no error ever carries the bot
// token (which is part of the request path).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  deliveredBody,
  errorMessages,
  fieldErrors,
  itReportsErrorAnswers,
  sendContext,
  useReceiver,
  validConfig,
} from '../../../test/support/channel-checks.js';
import { chatIncidentCreated, chatMonitorDown } from '../../../test/support/notification-events.js';
import { startWebhookReceiver } from '../../../test/support/webhook-receiver.js';
import type { NotificationEvent } from '../../domain/notifications/index.js';
import { telegramChannel } from './telegram.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const CHAT = '-1001234567890';

describe('telegram channel configuration', () => {
  it('takes a bot token (secret), a chat id or @channel, and an optional API server', () => {
    assert.deepEqual(validConfig(telegramChannel, { bot_token: TOKEN, chat_id: CHAT }), {
      bot_token: TOKEN,
      chat_id: CHAT,
      api_url: null,
    });
    assert.deepEqual(
      validConfig(telegramChannel, {
        bot_token: TOKEN,
        chat_id: -100123,
        api_url: 'http://127.0.0.1:8081/bot-api/',
      }),
      // A base URL the API's path is appended to: kept without its trailing slash.
      { bot_token: TOKEN, chat_id: '-100123', api_url: 'http://127.0.0.1:8081/bot-api' },
    );
    assert.deepEqual(validConfig(telegramChannel, { bot_token: TOKEN, chat_id: '@vigil_ops' }), {
      bot_token: TOKEN,
      chat_id: '@vigil_ops',
      api_url: null,
    });
    assert.deepEqual(telegramChannel.secretFields, ['bot_token']);
  });

  it('names the field at fault', () => {
    assert.deepEqual(fieldErrors(telegramChannel, {}), ['bot_token', 'chat_id']);
    assert.deepEqual(errorMessages(telegramChannel, {}), [
      'bot_token is required',
      'chat_id is required',
    ]);
    assert.deepEqual(errorMessages(telegramChannel, { bot_token: 'abc', chat_id: CHAT }), [
      'bot_token must look like 123456:ABC... (from @BotFather)',
    ]);
    assert.deepEqual(fieldErrors(telegramChannel, { bot_token: 123456, chat_id: CHAT }), [
      'bot_token',
    ]);
    assert.deepEqual(fieldErrors(telegramChannel, { bot_token: TOKEN, chat_id: 'ops' }), [
      'chat_id',
    ]);
    assert.deepEqual(fieldErrors(telegramChannel, { bot_token: TOKEN, chat_id: 1.5 }), ['chat_id']);
    assert.deepEqual(
      fieldErrors(telegramChannel, { bot_token: TOKEN, chat_id: CHAT, api_url: 'ftp://x/' }),
      ['api_url'],
    );
    assert.deepEqual(
      fieldErrors(telegramChannel, { bot_token: TOKEN, chat_id: CHAT, api_url: 'https://x/?a=1' }),
      ['api_url'],
    );
  });
});

describe('telegram chat id', () => {
  const chatIdError = (chatId: unknown) =>
    errorMessages(telegramChannel, { bot_token: TOKEN, chat_id: chatId });
  const RULE =
    'a channel username after @ has 5 to 32 letters, digits or underscores and starts with a letter';

  it('takes a channel username of 5 to 32 characters and a numeric id of up to 20 digits', () => {
    for (const ok of [
      '@abcde',
      `@a${'b'.repeat(31)}`,
      '@Vigil_OPS_2',
      '12345',
      `-${'1'.repeat(20)}`,
    ]) {
      assert.deepEqual(chatIdError(ok), [], ok);
    }
  });

  it('says exactly what is wrong with a channel username', () => {
    assert.deepEqual(chatIdError('@ops'), [`chat_id "@ops" has 3 characters after the @: ${RULE}`]);
    assert.deepEqual(chatIdError(`@a${'b'.repeat(32)}`), [
      `chat_id "@a${'b'.repeat(32)}" has 33 characters after the @: ${RULE}`,
    ]);
    assert.deepEqual(chatIdError('@ops-team.eu'), [
      `chat_id "@ops-team.eu" contains "-", ".": ${RULE}`,
    ]);
    assert.deepEqual(chatIdError('@1vigil'), [`chat_id "@1vigil" starts with "1": ${RULE}`]);
    assert.deepEqual(chatIdError('@_ops'), [
      `chat_id "@_ops" starts with "_" and has 4 characters after the @: ${RULE}`,
    ]);
    assert.deepEqual(chatIdError('@'), [`chat_id "@" has no username after the @: ${RULE}`]);
    assert.deepEqual(chatIdError('@vigil ops'), [`chat_id "@vigil ops" contains " ": ${RULE}`]);
  });

  it('says how to write a chat id that is neither a number nor an @username', () => {
    assert.deepEqual(chatIdError('vigil_ops'), [
      'chat_id "vigil_ops" needs an @ in front to name a channel (@vigil_ops), or use the numeric chat id (e.g. -1001234567890)',
    ]);
    assert.deepEqual(chatIdError('ops'), [
      'chat_id "ops" must be a numeric chat id (e.g. -1001234567890) or a channel @username',
    ]);
    assert.deepEqual(chatIdError('1'.repeat(21)), [
      `chat_id "${'1'.repeat(21)}" has more digits than a Telegram chat id (at most 20)`,
    ]);
    assert.deepEqual(chatIdError(1.5), [
      'chat_id must be a numeric chat id (e.g. -1001234567890) or a channel @username',
    ]);
    // The field keeps its name whatever is wrong.
    assert.deepEqual(fieldErrors(telegramChannel, { bot_token: TOKEN, chat_id: '@ops' }), [
      'chat_id',
    ]);
  });
});

describe('telegram channel sending', () => {
  const receiver = useReceiver();

  const config = (apiUrl: string) =>
    validConfig(telegramChannel, { bot_token: TOKEN, chat_id: CHAT, api_url: apiUrl });

  const send = async (prefix: string, event: NotificationEvent, apiUrl?: string) =>
    (await deliveredBody(telegramChannel, receiver(), {
      config: { bot_token: TOKEN, chat_id: CHAT, api_url: apiUrl ?? receiver().url + prefix },
      event,
      prefix,
      path: `${prefix}/bot${TOKEN}/sendMessage`,
    })) as { text: string };

  it('sends a monitor outage as HTML: the title bold, every text escaped, no link preview', async () => {
    assert.deepEqual(await send('/down', chatMonitorDown), {
      chat_id: CHAT,
      text:
        '<b>checkout &lt;api&gt; &amp; *cart* is down</b>\n' +
        'Reason: 2 of 3 regions failing (quorum 2): eu-west, us-east\n' +
        'Failing regions: eu-west, us-east\n' +
        'OK regions: ap-south\n' +
        'Status: up → down',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
  });

  it('sends an incident opening, to a server URL given with a trailing slash', async () => {
    assert.deepEqual(await send('/incident', chatIncidentCreated, `${receiver().url}/incident/`), {
      chat_id: CHAT,
      text:
        '<b>Incident opened: API errors</b>\nStatus: investigating\nWe are looking into it.\n' +
        'API: operational → major_outage',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
  });

  it('keeps the text within 4096 characters as Telegram counts them (after the markup)', async () => {
    const long = {
      ...chatIncidentCreated,
      incident: {
        ...chatIncidentCreated.incident,
        update: { ...chatIncidentCreated.incident.update, body: '&'.repeat(5000) },
      },
    };
    const { text } = await send('/long', long);
    const shown = text.replace(/<\/?b>/g, '').replace(/&amp;/g, '&');
    assert.equal(shown.length, 4096);
    assert.ok(shown.endsWith('&…'));
    const named = { ...long, incident: { ...long.incident, name: 'n'.repeat(5000) } };
    const { text: titled } = await send('/named', named);
    const [title, ...lines] = titled.replace(/&amp;/g, '&').split('\n');
    assert.equal(title, `<b>Incident opened: ${'n'.repeat(1006)}…</b>`);
    assert.equal(lines.join('\n').length, 4096 - 1024 - 1);
  });

  it('reports a refused connection without the token', async () => {
    const closed = await startWebhookReceiver();
    const url = closed.url;
    await closed.close();
    const refused = await telegramChannel.send(chatMonitorDown, config(url), sendContext());
    assert.equal(refused.ok, false);
    assert.match(refused.error ?? '', /ECONNREFUSED/);
    assert.equal(refused.error?.includes(TOKEN.split(':')[1]!), false);
  });

  it('reports a 401 without the token, even when the answer quotes the request path', async () => {
    receiver().behave('/unauthorized', {
      status: 401,
      body: '{"ok":false,"error_code":401,"description":"Unauthorized"}',
    });
    receiver().behave('/echo', { status: 401, body: `401 for POST /echo/bot${TOKEN}/sendMessage` });
    const unauthorized = await telegramChannel.send(
      chatMonitorDown,
      config(`${receiver().url}/unauthorized`),
      sendContext(),
    );
    assert.deepEqual(unauthorized, {
      ok: false,
      statusCode: 401,
      error: 'HTTP 401: {"ok":false,"error_code":401,"description":"Unauthorized"}',
    });
    const echoed = await telegramChannel.send(
      chatMonitorDown,
      config(`${receiver().url}/echo`),
      sendContext(),
    );
    assert.deepEqual(echoed, {
      ok: false,
      statusCode: 401,
      error: 'HTTP 401: 401 for POST <redacted>',
    });
    receiver().behave('/quoted', { status: 401, body: `token ${TOKEN} revoked` });
    const quoted = await telegramChannel.send(
      chatMonitorDown,
      config(`${receiver().url}/quoted`),
      sendContext(),
    );
    assert.equal(quoted.error, 'HTTP 401: token <redacted> revoked');
  });

  it("waits as long as a 429's retry_after says when no Retry-After header came", async () => {
    const body =
      '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}';
    receiver().behave('/flood', { status: 429, body });
    const limited = await telegramChannel.send(
      chatMonitorDown,
      config(`${receiver().url}/flood`),
      sendContext(),
    );
    assert.deepEqual(limited, {
      ok: false,
      statusCode: 429,
      error: `HTTP 429: ${body}`,
      retryAfterMs: 35_000,
    });
  });

  itReportsErrorAnswers(telegramChannel, receiver, (base) => ({
    bot_token: TOKEN,
    chat_id: CHAT,
    api_url: base,
  }));
});
