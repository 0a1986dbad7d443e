// Table cells shared by the lists of credentials (API keys, probe tokens): a time that may never
// have happened, and the revoked badge or the link to revoke.
import { When } from './common.js';

/** A UTC time, or "Never" (e.g. a key not used yet). */
export function WhenOrNever({ at }: { at: Date | null }) {
  return at ? <When at={at} timeZone="Etc/UTC" /> : <span class="muted">Never</span>;
}

/** When it was revoked, or the link to the confirmation page that revokes it. */
export function RevokeState(props: { revokedAt: Date | null; href: string; name: string }) {
  if (props.revokedAt)
    return (
      <span class="badge status-revoked">
        Revoked <When at={props.revokedAt} timeZone="Etc/UTC" />
      </span>
    );
  return (
    <a href={props.href} class="button small danger-outline">
      Revoke<span class="visually-hidden" safe>{` ${props.name}`}</span>
    </a>
  );
}
