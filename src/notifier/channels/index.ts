// Every channel type Vigil can send through, by the `type` a channel names. Adding one: a file
// beside this one implementing ChannelType, and one line here.
import type { AnyChannelType } from '../channel.js';
import { discordChannel } from './discord.js';
import { mattermostChannel } from './mattermost.js';
import { slackChannel } from './slack.js';
import { teamsChannel } from './teams.js';
import { telegramChannel } from './telegram.js';
import { webhookChannel } from './webhook.js';
import { emailChannel } from './email.js';
import { pagerDutyChannel } from './pagerduty.js';
import { opsgenieChannel } from './opsgenie.js';
import { ntfyChannel } from './ntfy.js';
import { gotifyChannel } from './gotify.js';
import { pushoverChannel } from './pushover.js';

const CHANNEL_TYPES: ReadonlyMap<string, AnyChannelType> = new Map(
  [
    webhookChannel,
    emailChannel,
    slackChannel,
    discordChannel,
    teamsChannel,
    mattermostChannel,
    telegramChannel,
    pagerDutyChannel,
    opsgenieChannel,
    ntfyChannel,
    gotifyChannel,
    pushoverChannel,
  ].map((channel) => [channel.type, channel]),
);

export function channelType(type: string): AnyChannelType | undefined {
  return CHANNEL_TYPES.get(type);
}

export function channelTypeNames(): string[] {
  return [...CHANNEL_TYPES.keys()];
}

/** Every type, in registration order (the admin's "type" choice). */
export function allChannelTypes(): AnyChannelType[] {
  return [...CHANNEL_TYPES.values()];
}
