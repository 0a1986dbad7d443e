// Writes a channel as the file declares it: name, type, the type's public settings flat beside
// them, and `enabled: false` only when it is off. Secrets are never written: a file applied without
// them keeps the stored ones.
import { channelType } from '../notifier/channels/index.js';
import type { CurrentChannel } from './plan-channels.js';

export function exportChannel({ view }: CurrentChannel): Record<string, unknown> {
  const out: Record<string, unknown> = { name: view.name, type: view.type };
  if (!view.enabled) out.enabled = false;
  // In the type's documented order, not the database's (jsonb sorts object keys its own way).
  for (const field of channelType(view.type)?.fields ?? Object.keys(view.config)) {
    const value = view.config[field];
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out;
}
