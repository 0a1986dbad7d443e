// Public URLs of a status page and of its incidents, shared by the HTML site, feeds and JSON API
// so every door publishes the same permalinks.

/** The part of a page these links need. */
export interface LinkedPage {
  slug: string;
  is_default: boolean;
}

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** Path prefix of a page: '' for the default page (served at `/`), `/s/<slug>` otherwise. */
export function pagePrefix(page: LinkedPage): string {
  return page.is_default ? '' : `/s/${encodeURIComponent(page.slug)}`;
}

/** Site-relative path under a page, e.g. pagePath(page, '/history') → '/s/main/history'. */
export function pagePath(page: LinkedPage, path = '/'): string {
  const prefix = pagePrefix(page);
  if (path === '/' || path === '') return prefix === '' ? '/' : prefix;
  return `${prefix}${path.startsWith('/') ? path : `/${path}`}`;
}

/** Absolute URL of a page's home. */
export function pageUrl(baseUrl: string, page: LinkedPage): string {
  return `${trimBase(baseUrl)}${pagePath(page)}`;
}

/** The permalink (Statuspage `shortlink`) of an incident or maintenance of this page. */
export function incidentPermalink(baseUrl: string, page: LinkedPage, incidentId: string): string {
  return `${trimBase(baseUrl)}${incidentPath(page, incidentId)}`;
}

/** Site-relative path of an incident's permalink page. */
export function incidentPath(page: LinkedPage, incidentId: string): string {
  return pagePath(page, `/incidents/${encodeURIComponent(incidentId)}`);
}
