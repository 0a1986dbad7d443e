import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatMs, LatencyChart, type LatencyPoint } from './latency-chart.js';
import { lineSegments, latencyScale, typicalStepMs } from './latency-geometry.js';

const end = new Date('2026-11-25T18:00:00Z');
const HOUR = 3_600_000;

/** Hourly points over the last day, p95 = 2 × p50, optional per-hour overrides. */
function hourly(overrides: Record<number, Partial<LatencyPoint>> = {}): LatencyPoint[] {
  return Array.from({ length: 24 }, (_, index) => ({
    at: new Date(end.getTime() - (23 - index) * HOUR),
    p50Ms: 100 + index,
    p95Ms: 200 + index * 2,
    checks: 60,
    failures: 0,
    ...overrides[index],
  }));
}

function render(points: LatencyPoint[], label = 'website'): string {
  return String(LatencyChart({ points, range: '24h', timeZone: 'Europe/Paris', end, label }));
}

function count(html: string, pattern: RegExp): number {
  return [...html.matchAll(pattern)].length;
}

describe('LatencyChart', () => {
  it('draws one unbroken line per series when every hour has data', () => {
    const html = render(hourly());
    assert.equal(count(html, /<path class="latency-line latency-p50"/g), 1);
    assert.equal(count(html, /<path class="latency-line latency-p95"/g), 1);
    assert.match(html, /stroke-dasharray="6 3"/);
  });

  it('breaks the lines where values are null or buckets are missing', () => {
    const withNulls = hourly({ 10: { p50Ms: null, p95Ms: null } });
    let html = render(withNulls);
    assert.equal(count(html, /<path class="latency-line latency-p50"/g), 2);
    const missing = hourly().filter((_, index) => index !== 5 && index !== 6);
    html = render(missing);
    assert.equal(count(html, /<path class="latency-line latency-p95"/g), 2);
    // A lone point between two gaps is still visible, as a dot.
    html = render(hourly({ 3: { p50Ms: null }, 5: { p50Ms: null } }));
    assert.equal(count(html, /<circle class="latency-dot latency-p50"/g), 1);
  });

  it('marks each bucket with failures and says how many failed', () => {
    const html = render(hourly({ 4: { failures: 3 }, 20: { failures: 60 } }));
    assert.equal(count(html, /<polygon class="latency-failure-mark"/g), 2 + 1 /* legend */);
    assert.equal(count(html, /<rect class="latency-failure-band"/g), 2);
    assert.match(html, /<title>Nov 25, 00:00: 3 of 60 checks failed<\/title>/);
    assert.match(html, /<desc id="latency-desc">[^<]*63 of 1440 checks failed\.<\/desc>/);
  });

  it('has nice y ticks covering the highest p95 and x ticks in the time zone', () => {
    const html = render(hourly({ 12: { p95Ms: 480 } }));
    assert.match(html, />500 ms<\/text>/);
    assert.match(html, />0 ms<\/text>/);
    assert.match(html, />Nov 25<\/text>/);
    assert.match(html, />06:00<\/text>/);
  });

  it('is described for assistive technology and lists every point in a table', () => {
    const html = render(hourly({ 7: { p50Ms: null } }));
    assert.match(html, /role="img" aria-labelledby="latency-title latency-desc"/);
    assert.match(
      html,
      /<title id="latency-title">website: latency over the last 24 hours<\/title>/,
    );
    assert.match(html, /<details class="latency-data">/);
    assert.equal(count(html, /<tr><th scope="row">/g), 24);
    assert.match(html, /<caption>Times in Europe\/Paris<\/caption>/);
    assert.match(html, /<time datetime="2026-11-25T18:00:00.000Z">Nov 25, 19:00<\/time>/);
    assert.match(html, /<td>—<\/td>/);
  });

  it('leaves out points outside the range and says when there is no data', () => {
    const old = [
      { at: new Date(end.getTime() - 48 * HOUR), p50Ms: 5, p95Ms: 9, checks: 1, failures: 1 },
    ];
    const html = String(LatencyChart({ points: old, range: '24h', timeZone: 'UTC', end }));
    assert.match(html, /No data in this range/);
    assert.match(html, /No checks in the last 24 hours\./);
    assert.equal(count(html, /<tr><th scope="row">/g), 0);
  });

  it('escapes the label and never writes inline styles', () => {
    const html = render(hourly({ 2: { failures: 1 } }), '<img src=x onerror="alert(1)">');
    assert.ok(!html.includes('<img'), 'raw markup from the label');
    assert.ok(!/<[^>]*\sstyle=/i.test(html) && !/<style/i.test(html));
  });
});

describe('latency geometry', () => {
  it('takes the usual spacing as the median step', () => {
    const points = hourly().filter((_, index) => index !== 5);
    assert.equal(typicalStepMs(points), HOUR);
    assert.equal(typicalStepMs(points.slice(0, 1)), null);
  });

  it('maps the range end to the right edge and zero to the bottom', () => {
    const points = hourly();
    const scale = latencyScale(points, new Date(end.getTime() - 24 * HOUR), end);
    const [segment] = lineSegments(points, (point) => point.p50Ms, scale);
    assert.equal(segment!.at(-1)!.x, 628);
    assert.equal(scale.y(0), 206);
    assert.equal(scale.y(scale.yTicks.at(-1)!), 14);
  });

  it('writes durations in ms below a second and in seconds above', () => {
    assert.equal(formatMs(480), '480 ms');
    assert.equal(formatMs(1500), '1.5 s');
    assert.equal(formatMs(2000), '2 s');
    assert.equal(formatMs(999.7), '1 s');
  });
});
