// What every public view needs to know about the page it renders, built once from a snapshot.
import type { PageSnapshot } from '../../../cache/page-snapshots.js';
import type { PageStatus } from '../../../domain/status.js';
import type { ComponentRow, PageRow } from '../../../store/schema.js';
import { pagePath } from '../links.js';
import { PageClock } from '../time-format.js';

export interface PageView {
  page: PageRow;
  status: PageStatus;
  componentsById: ReadonlyMap<string, ComponentRow>;
  clock: PageClock;
  /** Public URL of this Vigil, without a trailing slash. */
  baseUrl: string;
  cssHref: string;
  links: PageLinks;
}

export interface PageLinks {
  home: string;
  history: string;
  rss: string;
  atom: string;
  api: string;
  badge: string;
  subscribe: string;
}

export function pageLinks(page: { slug: string; is_default: boolean }): PageLinks {
  return {
    home: pagePath(page),
    history: pagePath(page, '/history'),
    rss: pagePath(page, '/feed.rss'),
    atom: pagePath(page, '/feed.atom'),
    api: pagePath(page, '/api/v2/summary.json'),
    badge: pagePath(page, '/badge.svg'),
    subscribe: pagePath(page, '/subscribe'),
  };
}

const views = new WeakMap<PageSnapshot, PageView>();

/** The view of a snapshot, built once per snapshot (the hot path serves many requests per build). */
export function pageView(snapshot: PageSnapshot, baseUrl: string, cssHref: string): PageView {
  const known = views.get(snapshot);
  if (known && known.baseUrl === baseUrl.replace(/\/+$/, '') && known.cssHref === cssHref) {
    return known;
  }
  const view = buildView(snapshot, baseUrl, cssHref);
  views.set(snapshot, view);
  return view;
}

function buildView(snapshot: PageSnapshot, baseUrl: string, cssHref: string): PageView {
  return {
    page: snapshot.page,
    status: snapshot.status,
    componentsById: new Map(snapshot.components.map((c) => [c.id, c])),
    clock: new PageClock(snapshot.page.time_zone),
    baseUrl: baseUrl.replace(/\/+$/, ''),
    cssHref,
    links: pageLinks(snapshot.page),
  };
}
