// RSS 2.0 and Atom 1.0 feeds of a page's incidents and maintenances, newest first, each entry
// linking to its permalink and carrying its updates as HTML.
import type { PageSnapshot } from '../../cache/page-snapshots.js';
import type { IncidentDetail } from '../../store/incident-repository.js';
import { renderMarkdown } from '../markdown.js';
import { incidentPermalink, pagePath, pageUrl } from './links.js';
import { updateStatusLabel } from './presentation.js';
import { PageClock } from './time-format.js';
import { xmlText } from './xml-text.js';

const FEED_SIZE = 30;

interface FeedEntry {
  incident: IncidentDetail;
  permalink: string;
  html: string;
}

function feedEntries(snapshot: PageSnapshot, baseUrl: string): FeedEntry[] {
  const clock = new PageClock(snapshot.page.time_zone);
  const byId = new Map<string, IncidentDetail>();
  for (const incident of [...snapshot.recentIncidents, ...snapshot.recentMaintenances])
    byId.set(incident.id, incident);
  return [...byId.values()]
    .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())
    .slice(0, FEED_SIZE)
    .map((incident) => ({
      incident,
      permalink: incidentPermalink(baseUrl, snapshot.page, incident.id),
      html: incident.updates
        .map(
          (update) =>
            `<p><small>${xmlText(clock.dateTime(update.display_at))}</small><br><strong>${xmlText(updateStatusLabel(update.status))}</strong></p>${renderMarkdown(update.body)}`,
        )
        .join(''),
    }));
}

function lastChange(snapshot: PageSnapshot, entries: FeedEntry[]): Date {
  let latest = snapshot.page.updated_at;
  for (const { incident } of entries)
    if (incident.updated_at.getTime() > latest.getTime()) latest = incident.updated_at;
  return latest;
}

function feedTitle(snapshot: PageSnapshot): string {
  return `${snapshot.page.name} Status - Incident History`;
}

export function renderRss(snapshot: PageSnapshot, baseUrl: string): string {
  const entries = feedEntries(snapshot, baseUrl);
  const base = baseUrl.replace(/\/+$/, '');
  const items = entries.map(
    ({ incident, permalink, html }) =>
      `<item><title>${xmlText(incident.name)}</title><link>${xmlText(permalink)}</link>` +
      `<guid isPermaLink="true">${xmlText(permalink)}</guid>` +
      `<pubDate>${incident.created_at.toUTCString()}</pubDate>` +
      `<description>${xmlText(html)}</description></item>`,
  );
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>` +
    `<title>${xmlText(feedTitle(snapshot))}</title>` +
    `<link>${xmlText(pageUrl(base, snapshot.page))}</link>` +
    `<description>${xmlText(`Incidents and maintenance of ${snapshot.page.name}`)}</description>` +
    `<language>en</language><generator>Vigil</generator>` +
    `<lastBuildDate>${lastChange(snapshot, entries).toUTCString()}</lastBuildDate>` +
    `<atom:link href="${xmlText(base + pagePath(snapshot.page, '/feed.rss'))}" rel="self" type="application/rss+xml"/>` +
    items.join('') +
    `</channel></rss>\n`
  );
}

export function renderAtom(snapshot: PageSnapshot, baseUrl: string): string {
  const entries = feedEntries(snapshot, baseUrl);
  const base = baseUrl.replace(/\/+$/, '');
  const self = base + pagePath(snapshot.page, '/feed.atom');
  const items = entries.map(
    ({ incident, permalink, html }) =>
      `<entry><id>${xmlText(permalink)}</id><title type="text">${xmlText(incident.name)}</title>` +
      `<published>${incident.created_at.toISOString()}</published>` +
      `<updated>${incident.updated_at.toISOString()}</updated>` +
      `<link rel="alternate" type="text/html" href="${xmlText(permalink)}"/>` +
      `<content type="html">${xmlText(html)}</content></entry>`,
  );
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">` +
    `<id>${xmlText(self)}</id>` +
    `<title type="text">${xmlText(feedTitle(snapshot))}</title>` +
    `<updated>${lastChange(snapshot, entries).toISOString()}</updated>` +
    `<link rel="alternate" type="text/html" href="${xmlText(pageUrl(base, snapshot.page))}"/>` +
    `<link rel="self" type="application/atom+xml" href="${xmlText(self)}"/>` +
    `<author><name>${xmlText(snapshot.page.name)}</name></author>` +
    `<generator>Vigil</generator>` +
    items.join('') +
    `</feed>\n`
  );
}
