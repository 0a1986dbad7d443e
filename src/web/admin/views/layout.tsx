// The page shell of the admin: skip link, top bar with the main navigation and sign-out, flash
// message, and the footer links; every admin page renders inside it.
import { stylesheetHref } from '../assets.js';
import type { Flash } from '../flash.js';
import { ADMIN_PREFIX, adminPaths } from '../paths.js';
import { PostForm } from './form-controls.js';

export type AdminSection =
  | 'dashboard'
  | 'pages'
  | 'monitors'
  | 'incidents'
  | 'maintenances'
  | 'notifications'
  | 'subscribers'
  | 'api-keys'
  | 'users'
  | 'account';

/** What every admin page knows about the request it answers. */
export interface AdminView {
  csrf: string;
  /** Absent on the sign-in and setup pages. */
  user?: { email: string };
  flash?: Flash;
}

const SECTIONS: ReadonlyArray<readonly [AdminSection, string, string]> = [
  ['pages', 'Pages', adminPaths.pages],
  ['monitors', 'Monitors', adminPaths.monitors],
  ['incidents', 'Incidents', adminPaths.incidents],
  ['maintenances', 'Maintenance', adminPaths.maintenances],
  ['notifications', 'Notifications', adminPaths.channels],
  ['subscribers', 'Subscribers', adminPaths.subscribers],
  ['api-keys', 'API keys', adminPaths.apiKeys],
  ['users', 'Admins', adminPaths.users],
  ['account', 'Account', adminPaths.account],
];

export function Layout(props: {
  view: AdminView;
  title: string;
  section?: AdminSection;
  children?: JSX.Element | JSX.Element[];
}): string {
  const { view } = props;
  const html = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="robots" content="noindex, nofollow" />
        <link rel="icon" href="data:," />
        <title safe>{`${props.title} · Vigil admin`}</title>
        <link rel="stylesheet" href={stylesheetHref(ADMIN_PREFIX)} />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="topbar">
          <div class="topbar-inner">
            <a
              class="brand"
              href={adminPaths.dashboard}
              aria-current={props.section === 'dashboard' ? 'page' : undefined}
            >
              <span class="brand-mark" aria-hidden="true"></span>
              Vigil <span class="brand-sub">admin</span>
            </a>
            {view.user ? (
              <nav class="mainnav" aria-label="Main">
                <ul>
                  {SECTIONS.map(([section, label, href]) => (
                    <li>
                      <a
                        href={href}
                        aria-current={props.section === section ? 'page' : undefined}
                        safe
                      >
                        {label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : (
              ''
            )}
            {view.user ? (
              <div class="whoami">
                <span class="whoami-email" safe>
                  {view.user.email}
                </span>
                <PostForm action={adminPaths.logout} csrf={view.csrf} class="inline">
                  <button type="submit" class="button subtle small">
                    Sign out
                  </button>
                </PostForm>
              </div>
            ) : (
              ''
            )}
          </div>
        </header>
        <main id="main" tabindex="-1" class="content">
          {view.flash ? (
            <div class={`flash flash-${view.flash.kind}`} role="status">
              <p safe>{view.flash.message}</p>
            </div>
          ) : (
            ''
          )}
          {props.children as 'safe'}
        </main>
        <footer class="footer">
          <div class="footer-inner">
            <a href="/">Public status page</a>
            <a href={adminPaths.apiDocs}>API documentation</a>
            <span>Vigil</span>
          </div>
        </footer>
      </body>
    </html>
  );
  return `<!doctype html>${html as string}`;
}

/** The heading block of a page: optional breadcrumb trail, title and actions. */
export function PageHeader(props: {
  title: string;
  crumbs?: ReadonlyArray<readonly [label: string, href: string]>;
  lead?: string;
  children?: JSX.Element | JSX.Element[];
}) {
  return (
    <div class="page-header">
      {props.crumbs && props.crumbs.length > 0 ? (
        <nav class="breadcrumbs" aria-label="Breadcrumb">
          <ol>
            {props.crumbs.map(([label, href]) => (
              <li>
                <a href={href} safe>
                  {label}
                </a>
              </li>
            ))}
          </ol>
        </nav>
      ) : (
        ''
      )}
      <div class="page-header-row">
        <h1 safe>{props.title}</h1>
        {props.children ? <div class="actions">{props.children as 'safe'}</div> : ''}
      </div>
      {props.lead ? (
        <p class="lead" safe>
          {props.lead}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}
