// The document around every public page: head (title, feeds, stylesheet, colour schemes), a skip
// link, the page's header and the footer with feeds and API links. No scripts, no inline styles.
import type { PageView } from './context.js';
import type { Staleness } from '../staleness.js';
import { BADGE_COLOURS, type Tone } from '../presentation.js';
import { faviconHref } from './icons.js';
import { attributeText } from './attribute.js';
import { StaleNotice } from './stale-notice.js';

export interface DocumentProps {
  title: string;
  description?: string;
  cssHref: string;
  tone: Tone;
  /** Absolute canonical URL of this page, when it has one. */
  canonical?: string;
  /** The status page being shown; absent on "no such page" screens. */
  view?: PageView;
  /** Set when the page may be out of date (see staleness.ts). */
  stale?: Staleness | undefined;
  children?: JSX.Element;
}

export function Document(props: DocumentProps): string {
  const { view } = props;
  // The page body is markup rendered by the page views, which escape their own text.
  const safeChildren = props.children;
  const html = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title safe>{props.title}</title>
        {props.description ? (
          <meta name="description" content={attributeText(props.description)} />
        ) : (
          ''
        )}
        {props.canonical ? <link rel="canonical" href={props.canonical} /> : ''}
        <link rel="icon" href={faviconHref(BADGE_COLOURS[props.tone])} />
        <link rel="stylesheet" href={props.cssHref} />
        {view ? (
          <>
            <link
              rel="alternate"
              type="application/rss+xml"
              title={attributeText(`${view.page.name} incidents (RSS)`)}
              href={view.links.rss}
            />
            <link
              rel="alternate"
              type="application/atom+xml"
              title={attributeText(`${view.page.name} incidents (Atom)`)}
              href={view.links.atom}
            />
          </>
        ) : (
          ''
        )}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader view={view} />
        <main id="main" class="wrap" tabindex="-1">
          {props.stale ? (
            <StaleNotice lastUpdated={props.stale.lastUpdated} now={new Date()} />
          ) : (
            ''
          )}
          {safeChildren}
        </main>
        <SiteFooter view={view} />
      </body>
    </html>
  ) as string;
  return `<!doctype html>${html}`;
}

function SiteHeader({ view }: { view: PageView | undefined }): JSX.Element {
  return (
    <header class="site-header">
      <div class="wrap site-header-inner">
        {view ? (
          <a class="brand" href={view.links.home} safe>
            {view.page.name}
          </a>
        ) : (
          <span class="brand">Vigil</span>
        )}
        {view ? (
          <nav class="site-nav" aria-label="Status page">
            <ul>
              <li>
                <a href={view.links.home}>Status</a>
              </li>
              <li>
                <a href={view.links.history}>History</a>
              </li>
              <li>
                <a href={view.links.subscribe}>Subscribe to updates</a>
              </li>
              {view.page.url ? (
                <li>
                  <a href={view.page.url} rel="noopener">
                    Website
                  </a>
                </li>
              ) : (
                ''
              )}
            </ul>
          </nav>
        ) : (
          ''
        )}
      </div>
    </header>
  );
}

function SiteFooter({ view }: { view: PageView | undefined }): JSX.Element {
  return (
    <footer class="site-footer">
      <div class="wrap">
        {view ? (
          <>
            <nav aria-label="Subscribe and integrate">
              <ul class="footer-links">
                <li>
                  <a href={view.links.rss}>RSS feed</a>
                </li>
                <li>
                  <a href={view.links.atom}>Atom feed</a>
                </li>
                <li>
                  <a href={view.links.api}>JSON API</a>
                </li>
                <li>
                  <a href={view.links.badge}>Status badge</a>
                </li>
              </ul>
            </nav>
            <p class="footer-note">
              Times are shown in <span safe>{view.clock.timeZone}</span>.
            </p>
          </>
        ) : (
          ''
        )}
        <p class="powered">
          Powered by <strong>Vigil</strong>
        </p>
      </div>
    </footer>
  );
}
