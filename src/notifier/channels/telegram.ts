// Telegram Bot API sendMessage: the title in bold and the detail lines as HTML-escaped text, link
// previews off. The bot token is part of the request path; postJson keeps it out of every error
// this channel reports (the delivery log).
import { defineChannel, type FieldError, type SendResult } from '../channel.js';
import { escapeMarkup, truncateText } from '../chat-format.js';
import { configCheck, urlField } from '../config-fields.js';
import { eventText } from '../event-text.js';
import { postJson } from '../json-post.js';

export interface TelegramConfig {
  bot_token: string;
  /** A chat's numeric id (negative for groups and channels) or a public channel's @username. */
  chat_id: string;
  /** A self-hosted Bot API server; https://api.telegram.org when null. */
  api_url: string | null;
}

const DEFAULT_API_URL = 'https://api.telegram.org';
/** Telegram's limit on a message's text after entity parsing (tags do not count). */
const TEXT_MAX = 4096;
/** So that a very long name still leaves room for the detail lines. */
const TITLE_MAX = 1024;
const TOKEN_PATTERN = /^\d{1,20}:[A-Za-z0-9_-]{10,100}$/;
const NUMERIC_CHAT_ID = /^-?\d{1,20}$/;
/**
 * Telegram's rule for a username (telegram.org/faq, and account.checkUsername in its API): 5 to
 * 32 characters, a-z (either case), 0-9 and underscores; clients also refuse one that does not
 * start with a letter.
 */
const USERNAME_RULE =
  'a channel username after @ has 5 to 32 letters, digits or underscores and starts with a letter';

export const telegramChannel = defineChannel<TelegramConfig>({
  type: 'telegram',
  label: 'Telegram',
  hints: {
    bot_token: {
      label: 'Bot token',
      help: 'From @BotFather (/newbot), like 123456789:AAE…; stored encrypted.',
      required: true,
    },
    chat_id: {
      label: 'Chat ID',
      help: "The chat's numeric id (groups and channels are negative, e.g. -1001234567890) or a public channel's @username (5 to 32 letters, digits or _).",
      required: true,
    },
    api_url: {
      label: 'Bot API server',
      help: `Only for a self-hosted Bot API server; default ${DEFAULT_API_URL}.`,
    },
  },
  fields: ['bot_token', 'chat_id', 'api_url'],
  secretFields: ['bot_token'],

  validate(input) {
    const errors: FieldError[] = [];
    const token = botToken(input.bot_token, errors);
    const chatId = chatIdField(input.chat_id, errors);
    const apiUrl = urlField(input, 'api_url', errors, { required: false, base: true });
    return configCheck(
      errors,
      token === null || chatId === null
        ? null
        : { bot_token: token, chat_id: chatId, api_url: apiUrl },
    );
  },

  async send(event, config, context) {
    const text = eventText(event);
    const title = truncateText(text.title, TITLE_MAX);
    const detail = truncateText(text.lines.join('\n'), TEXT_MAX - title.length - 1);
    const html = `<b>${escapeMarkup(title)}</b>${detail === '' ? '' : `\n${escapeMarkup(detail)}`}`;
    const base = config.api_url ?? DEFAULT_API_URL;
    const payload = {
      chat_id: config.chat_id,
      text: html,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    };
    const url = `${base}/bot${config.bot_token}/sendMessage`;
    const result = await postJson({ url, payload, event, context, secrets: [config.bot_token] });
    return withTelegramRetryAfter(result);
  },
});

function botToken(value: unknown, errors: FieldError[]): string | null {
  if (value === undefined || value === null || value === '') {
    errors.push({ field: 'bot_token', message: 'bot_token is required' });
    return null;
  }
  if (typeof value !== 'string' || !TOKEN_PATTERN.test(value)) {
    errors.push({
      field: 'bot_token',
      message: 'bot_token must look like 123456:ABC... (from @BotFather)',
    });
    return null;
  }
  return value;
}

function chatIdField(value: unknown, errors: FieldError[]): string | null {
  if (value === undefined || value === null || value === '') {
    errors.push({ field: 'chat_id', message: 'chat_id is required' });
    return null;
  }
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string') {
    errors.push({
      field: 'chat_id',
      message: 'chat_id must be a numeric chat id (e.g. -1001234567890) or a channel @username',
    });
    return null;
  }
  const problem = chatIdProblem(text);
  if (problem === null) return text;
  errors.push({ field: 'chat_id', message: problem });
  return null;
}

/** What is wrong with a chat id as typed, in words that say how to fix it; null when fine. */
function chatIdProblem(text: string): string | null {
  if (NUMERIC_CHAT_ID.test(text)) return null;
  const chars = [...text];
  const shown = JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : text);
  if (/^-?\d+$/.test(text)) {
    return `chat_id ${shown} has more digits than a Telegram chat id (at most 20)`;
  }
  if (!text.startsWith('@')) {
    return /^[A-Za-z][A-Za-z0-9_]{4,31}$/.test(text)
      ? `chat_id ${shown} needs an @ in front to name a channel (@${text}), or use the numeric chat id (e.g. -1001234567890)`
      : `chat_id ${shown} must be a numeric chat id (e.g. -1001234567890) or a channel @username`;
  }
  const found = usernameFaults(chars.slice(1));
  if (found.length === 0) return null;
  const said = found.length > 1 ? `${found.slice(0, -1).join(', ')} and ${found.at(-1)}` : found[0];
  return `chat_id ${shown} ${said}: ${USERNAME_RULE}`;
}

/** Each way the characters after @ break Telegram's username rule, e.g. `contains "-"`. */
function usernameFaults(name: readonly string[]): string[] {
  if (name.length === 0) return ['has no username after the @'];
  const wrong = [...new Set(name.filter((char) => !/[A-Za-z0-9_]/.test(char)))];
  return [
    ...(wrong.length > 0
      ? [`contains ${wrong.map((char) => JSON.stringify(char)).join(', ')}`]
      : []),
    // A first character that is allowed further on (a digit, an underscore) but is no letter.
    ...(/[0-9_]/.test(name[0]!) ? [`starts with ${JSON.stringify(name[0])}`] : []),
    ...(name.length < 5 || name.length > 32 ? [`has ${name.length} characters after the @`] : []),
  ];
}

/** Telegram's own `retry_after` (in the JSON answer of a 429) when no Retry-After header came. */
function withTelegramRetryAfter(result: SendResult): SendResult {
  if (result.statusCode !== 429 || result.retryAfterMs !== undefined) return result;
  const retryAfter = /"retry_after"\s*:\s*(\d+)/.exec(result.error ?? '');
  return retryAfter ? { ...result, retryAfterMs: Number(retryAfter[1]) * 1000 } : result;
}
