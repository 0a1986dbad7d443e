// One pooled SMTP sender per distinct server and login, shared by every email sent through it
// (channel alerts now, subscriber mail too): opening a connection and logging in per message
// would cost more than sending it. The owner (the notifier) closes them all when it stops.
import {
  smtpSender,
  smtpSettingsKey,
  type MailSender,
  type SmtpSenderOptions,
  type SmtpSettings,
} from '../../mail/smtp-sender.js';

export interface MailSenders {
  /** The sender for these settings, opened on first use. */
  get(settings: SmtpSettings): MailSender;
  /** Closes every sender; later `get`s open new ones. */
  close(): void;
}

export function mailSenderCache(options: SmtpSenderOptions = {}): MailSenders {
  const senders = new Map<string, MailSender>();
  return {
    get(settings) {
      const key = smtpSettingsKey(settings);
      let sender = senders.get(key);
      if (!sender) {
        sender = smtpSender(settings, options);
        senders.set(key, sender);
      }
      return sender;
    },
    close() {
      for (const sender of senders.values()) sender.close();
      senders.clear();
    },
  };
}
