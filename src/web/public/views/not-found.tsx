// Friendly pages for addresses that show nothing: no status page created yet, an unknown page,
// something (an incident, a history page) that is not on this page, or a page that cannot be
// shown right now because the database is unreachable and the page is in no cache.
import type { PageView } from './context.js';
import { indicatorTone } from '../presentation.js';
import { Document } from './layout.js';

/** A page of Vigil itself (no status page around it) with one heading and a short text. */
export function VigilNotice(props: {
  cssHref: string;
  heading: string;
  children: JSX.Element;
}): string {
  // Markup written in this file, not text from anywhere else.
  const safeText = props.children;
  return Document({
    title: `${props.heading} — Vigil`,
    cssHref: props.cssHref,
    tone: 'neutral',
    children: (
      <section class="card empty-state" aria-labelledby="empty-title">
        <h1 id="empty-title" class="page-title" safe>
          {props.heading}
        </h1>
        <p>{safeText}</p>
      </section>
    ),
  });
}

export function NoPagesYet({ cssHref }: { cssHref: string }): string {
  return VigilNotice({
    cssHref,
    heading: 'No status page yet',
    children: (
      <>
        This Vigil has no status page to show. <a href="/admin">Sign in to /admin</a> to create one;
        the first page you create is served here.
      </>
    ),
  });
}

export function PageNotFound({ cssHref }: { cssHref: string }): string {
  return VigilNotice({
    cssHref,
    heading: 'Status page not found',
    children: (
      <>
        There is no status page at this address. Check the link, or go to the{' '}
        <a href="/">main status page</a>.
      </>
    ),
  });
}

export function MissingOnPage({ view, message }: { view: PageView; message: string }): string {
  return Document({
    title: `Not found — ${view.page.name} Status`,
    cssHref: view.cssHref,
    tone: indicatorTone(view.status.indicator),
    view,
    children: (
      <section class="card empty-state" aria-labelledby="empty-title">
        <h1 id="empty-title" class="page-title">
          Not found
        </h1>
        <p>
          <span safe>{message}</span> See the <a href={view.links.home}>current status</a> or the{' '}
          <a href={view.links.history}>incident history</a>.
        </p>
      </section>
    ),
  });
}

export function PageUnavailable({ cssHref }: { cssHref: string }): string {
  return VigilNotice({
    cssHref,
    heading: 'Status temporarily unavailable',
    children: (
      <>
        This status page cannot be shown right now: its data is out of reach for a moment. Please
        try again in a few seconds.
      </>
    ),
  });
}
