// How statuses look on the public site: one "tone" per status (drives colour and icon in CSS and
// badges) and the short words used where space is tight; the words always accompany the colour.
import {
  COMPONENT_STATUS_LABELS,
  INCIDENT_STATUS_LABELS,
  isComponentStatus,
  type ComponentStatus,
  type StatusIndicator,
} from '../../domain/status.js';

export type Tone = 'ok' | 'maintenance' | 'minor' | 'major' | 'critical' | 'neutral';

const COMPONENT_TONES: Record<ComponentStatus, Tone> = {
  operational: 'ok',
  under_maintenance: 'maintenance',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

const INDICATOR_TONES: Record<StatusIndicator, Tone> = {
  none: 'ok',
  maintenance: 'maintenance',
  minor: 'minor',
  major: 'major',
  critical: 'critical',
};

/** Stored component statuses are checked by the database; anything else reads as operational. */
export function asComponentStatus(value: string): ComponentStatus {
  return isComponentStatus(value) ? value : 'operational';
}

export function componentTone(status: string): Tone {
  return COMPONENT_TONES[asComponentStatus(status)];
}

export function componentLabel(status: string): string {
  return COMPONENT_STATUS_LABELS[asComponentStatus(status)];
}

export function indicatorTone(indicator: StatusIndicator): Tone {
  return INDICATOR_TONES[indicator];
}

/** Incident impact (none|minor|major|critical, or `maintenance` for maintenances). */
export function impactTone(impact: string): Tone {
  switch (impact) {
    case 'minor':
    case 'major':
    case 'critical':
    case 'maintenance':
      return impact;
    default:
      return 'neutral';
  }
}

export function impactLabel(impact: string): string {
  switch (impact) {
    case 'minor':
      return 'Minor impact';
    case 'major':
      return 'Major impact';
    case 'critical':
      return 'Critical impact';
    case 'maintenance':
      return 'Maintenance';
    default:
      return 'No impact';
  }
}

export function updateStatusLabel(status: string): string {
  return INCIDENT_STATUS_LABELS[status as keyof typeof INCIDENT_STATUS_LABELS] ?? status;
}

/** Short badge wording of the page indicator. */
export const INDICATOR_BADGE_TEXT: Record<StatusIndicator, string> = {
  none: 'operational',
  maintenance: 'maintenance',
  minor: 'degraded',
  major: 'partial outage',
  critical: 'major outage',
};

/**
 * Badge fill per tone: dark enough that white text on it meets WCAG AA (4.5:1), which the usual
 * bright shields colours do not.
 */
export const BADGE_COLOURS: Record<Tone, string> = {
  ok: '#1a7f37',
  maintenance: '#0b5cad',
  minor: '#8a5a00',
  major: '#b1460b',
  critical: '#c4222f',
  neutral: '#57606a',
};
