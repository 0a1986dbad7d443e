// Small status icons (decoration only: the status is always written out next to them) and the
// favicon in the colour of the page status.
import type { Tone } from '../presentation.js';

/** The icon is drawn by the stylesheet (a disc and a glyph per tone), so each costs a few bytes. */
export function StatusIcon({ tone }: { tone: Tone }): JSX.Element {
  return <span class={`icon icon-${tone}`} aria-hidden="true"></span>;
}

/** Status words with their icon, coloured by tone (the words carry the meaning). */
export function StatusText({ tone, label }: { tone: Tone; label: string }): JSX.Element {
  return (
    <span class={`status-text tone-${tone}`}>
      <StatusIcon tone={tone} />
      <span safe>{label}</span>
    </span>
  );
}

/** Favicon in the page's status colour, as a data URI (allowed by the CSP's img-src). */
export function faviconHref(colour: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="${colour}"/></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
