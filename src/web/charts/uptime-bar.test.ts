import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UptimeBar } from './uptime-bar.js';
import type { UptimeDay } from './uptime.js';

function isoDay(offset: number): string {
  return new Date(Date.UTC(2026, 10, 25) - offset * 86_400_000).toISOString().slice(0, 10);
}

/** 90 days ending 2026-11-25, all perfect unless `changes` says otherwise. */
function history(changes: Record<number, Partial<UptimeDay>> = {}): UptimeDay[] {
  return Array.from({ length: 90 }, (_, index) => {
    const age = 89 - index;
    return { date: isoDay(age), uptimeRatio: 1, checks: 1440, incidents: [], ...changes[age] };
  });
}

function render(days: UptimeDay[], label = 'Website'): string {
  return String(UptimeBar({ days, label }));
}

function rects(html: string): string[] {
  return [...html.matchAll(/<rect\b[^>]*>[\s\S]*?<\/rect>/g)].map((match) => match[0]);
}

describe('UptimeBar', () => {
  it('draws 90 bars, oldest first, each with its day in words', () => {
    const html = render(
      history({ 1: { uptimeRatio: 0.9995, incidents: [{ name: 'API errors', impact: 'minor' }] } }),
    );
    const bars = rects(html);
    assert.equal(bars.length, 90);
    assert.match(bars[0]!, /<title>2026-08-28: 100 % uptime, no incidents<\/title>/);
    assert.match(bars[88]!, /<title>2026-11-24: 99\.95 % uptime, 1 incident: API errors<\/title>/);
    assert.match(bars[89]!, /<title>2026-11-25: /);
  });

  it('colours bars by uptime thresholds and grays days without data', () => {
    const bars = rects(
      render(
        history({
          0: { uptimeRatio: null },
          1: { uptimeRatio: 0.5 },
          2: { uptimeRatio: 0.96 },
          3: { uptimeRatio: 0.995 },
        }),
      ),
    );
    const level = (bar: string): string | undefined =>
      /uptime-(full|minor|major|critical|none)\b/.exec(bar)?.[1];
    assert.deepEqual(
      [86, 87, 88, 89].map((i) => level(bars[i]!)),
      ['minor', 'major', 'critical', 'none'],
    );
    assert.equal(level(bars[85]!), 'full');
    assert.match(bars[89]!, /<title>2026-11-25: no data<\/title>/);
  });

  it('escapes incident names and the label', () => {
    const name = `<script>alert("x")</script> & 'more'`;
    const html = render(
      history({ 3: { uptimeRatio: 0.9, incidents: [{ name, impact: 'major' }] } }),
      'A<b>"',
    );
    assert.ok(!html.includes('<script>'), 'raw script tag in output');
    // In a quoted attribute only the quote and & matter: the label must not end the attribute.
    assert.match(html, /aria-label="A<b>&#34;: 99\.88 % uptime over the last 90 days"/);
    assert.match(
      html,
      /<span class="uptime-summary">99\.88 % uptime over the last 90 days<\/span>/,
    );
    assert.match(html, /90 days ago/);
    assert.match(html, /Today/);
    assert.match(html, /viewBox="0 0 900 34"/);
    assert.match(html, /preserveAspectRatio="none"/);
  });

  it('marks the bars narrow screens hide', () => {
    const bars = rects(render(history()));
    assert.equal(bars.filter((bar) => bar.includes('uptime-day-before-60')).length, 30);
    assert.equal(bars.filter((bar) => bar.includes('uptime-day-before-30')).length, 30);
    assert.ok(!bars[60]!.includes('uptime-day-before'));
    assert.ok(bars[59]!.includes('uptime-day-before-30'));
  });

  it('fills missing dates with days without data and still draws 90 bars', () => {
    const sparse = [history()[89]!, history()[0]!];
    const bars = rects(render(sparse));
    assert.equal(bars.length, 90);
    assert.equal(bars.filter((bar) => bar.includes('uptime-none')).length, 88);
    const empty = render([]);
    assert.equal(rects(empty).length, 90);
    assert.match(empty, /No uptime data for the last 90 days/);
  });

  it('never writes inline styles (the CSP forbids them)', () => {
    const html = render(
      history({ 2: { uptimeRatio: 0.2, incidents: [{ name: 'style="x"', impact: 'critical' }] } }),
    );
    assert.ok(!/<[^>]*\sstyle=/i.test(html) && !/<style/i.test(html));
  });
});
