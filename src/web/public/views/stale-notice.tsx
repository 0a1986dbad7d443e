// The notice on top of a public page served from its last snapshot while the database has been
// unreachable for a while: the page may be out of date, and says when its data was read.

/** "14:05 UTC", with the date in front when it was not today (UTC). */
export function lastUpdatedText(at: Date, now: Date): string {
  const iso = at.toISOString();
  const time = `${iso.slice(11, 16)} UTC`;
  return iso.slice(0, 10) === now.toISOString().slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}

export function StaleNotice(props: { lastUpdated: Date; now: Date }): JSX.Element {
  return (
    <aside class="stale-notice" role="status" aria-live="polite">
      <strong>This page may be out of date.</strong> The status service cannot reach its database
      right now; what you see was last updated{' '}
      <time datetime={props.lastUpdated.toISOString()} safe>
        {lastUpdatedText(props.lastUpdated, props.now)}
      </time>
      .
    </aside>
  );
}
