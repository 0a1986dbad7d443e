// The public page's 90-day uptime bar for one component: an SVG of one bar per day coloured by
// uptime, each with a title in words, and the overall percentage under it. No script, no inline
// style: colours and the narrow-screen layout come from status.css classes.
import {
  formatPercent,
  lastDays,
  UPTIME_DAYS,
  uptimeDayText,
  uptimeLevel,
  uptimePercent,
  type UptimeDay,
  type UptimeLevel,
} from './uptime.js';

/** Each day takes this many viewBox units; the bar fills BAR_WIDTH of them. */
const DAY_UNITS = 10;
const BAR_WIDTH = 7;
const BAR_HEIGHT = 34;

/**
 * Fills used when the stylesheet does not load (status.css overrides them per scheme). CSS wins
 * over SVG presentation attributes, so these never fight the stylesheet.
 */
const FALLBACK_FILLS: Record<UptimeLevel, string> = {
  full: '#1a7f37',
  minor: '#b58a00',
  major: '#d4600b',
  critical: '#a40e4c',
  none: '#8c959f',
};

/** Drawn when there is no history at all yet: gray bars without dates. */
const NO_DAYS: UptimeDay[] = Array.from({ length: UPTIME_DAYS }, () => ({
  date: '',
  uptimeRatio: null,
  incidents: [],
}));

export interface UptimeBarProps {
  /** Days oldest first, ending today; missing dates are drawn as days without data. */
  days: readonly UptimeDay[];
  /** What the bar is about (the component's name), for the accessible name. */
  label: string;
}

/**
 * Bars older than the last 60 or 30 days carry a class so narrow screens can hide them and
 * stretch the rest (status.css scales the group instead of changing the viewBox, which CSS cannot).
 */
function ageClass(index: number, total: number): string {
  const age = total - 1 - index;
  if (age >= 60) return ' uptime-day-before-60';
  if (age >= 30) return ' uptime-day-before-30';
  return '';
}

export function uptimeSummary(percent: number | null): string {
  return percent === null
    ? `No uptime data for the last ${UPTIME_DAYS} days`
    : `${formatPercent(percent)} uptime over the last ${UPTIME_DAYS} days`;
}

export function UptimeBar({ days, label }: UptimeBarProps): JSX.Element {
  const shown = lastDays(days, UPTIME_DAYS);
  const summary = uptimeSummary(uptimePercent(shown));
  const width = UPTIME_DAYS * DAY_UNITS;
  return (
    <div class="uptime">
      <svg
        class="uptime-bar"
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${width} ${BAR_HEIGHT}`}
        preserveAspectRatio="none"
        width="100%"
        height={String(BAR_HEIGHT)}
        role="img"
        aria-label={`${label}: ${summary}`}
        focusable="false"
      >
        <g class="uptime-days">
          {(shown.length > 0 ? shown : NO_DAYS).map((day, index) => {
            const level = uptimeLevel(day.uptimeRatio);
            const text = day.date ? uptimeDayText(day) : 'No data';
            return (
              <rect
                class={`uptime-day uptime-${level}${ageClass(index, UPTIME_DAYS)}`}
                x={String(index * DAY_UNITS + (DAY_UNITS - BAR_WIDTH) / 2)}
                y="0"
                width={String(BAR_WIDTH)}
                height={String(BAR_HEIGHT)}
                fill={FALLBACK_FILLS[level]}
              >
                <title safe>{text}</title>
              </rect>
            );
          })}
        </g>
      </svg>
      <p class="uptime-scale">
        <span class="uptime-from">
          <span class="uptime-from-90">90 days ago</span>
          <span class="uptime-from-60">60 days ago</span>
          <span class="uptime-from-30">30 days ago</span>
        </span>
        <span class="uptime-summary" safe>
          {summary}
        </span>
        <span class="uptime-to">Today</span>
      </p>
    </div>
  );
}
