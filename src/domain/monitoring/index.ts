// Public face of the monitoring rules: settings, per-region thresholds, quorum, transitions,
// component status and automatic incidents. Pure code, no I/O.
export { formatDuration, parseDuration } from './duration.js';
export {
  CERTIFICATE_MONITOR_TYPES,
  MONITOR_LIMITS,
  certificateThresholdsOf,
  defaultQuorum,
  defaultTimeoutMs,
  monitorSettingsToInput,
  parseMonitorSettings,
  requireSettingsOfType,
  seesCertificates,
} from './settings.js';
export type { MonitorSettings, MonitorSettingsInput } from './settings.js';
export { compareResults } from './check-result.js';
export type { CheckResult, ResultEvidence } from './check-result.js';
export { initialRegionVerdict, nextRegionVerdict } from './region-verdict.js';
export type { RegionVerdict } from './region-verdict.js';
export {
  MONITOR_STATUSES,
  STALE_AFTER_INTERVALS,
  assessMonitor,
  isMonitorStatus,
} from './monitor-status.js';
export type {
  AssessmentInput,
  EvaluationContext,
  MonitorAssessment,
  MonitorStatus,
} from './monitor-status.js';
export { evaluateMonitor, initialMonitorState } from './evaluate.js';
export type { Evaluation, MonitorState, Transition, TransitionReason } from './evaluate.js';
export {
  componentStatusFromMonitors,
  componentStatusOfMonitor,
  effectiveComponentStatus,
} from './component-status.js';
export type { MonitorHealth } from './component-status.js';
export { autoIncidentAction } from './auto-incident.js';
export type { AutoIncidentAction } from './auto-incident.js';
