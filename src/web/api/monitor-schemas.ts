// JSON shapes of monitors in the management API: what POST and PATCH take, what every route
// answers, and the conversion of a stored monitor into that answer.
import { Type, type Static } from 'typebox';
import {
  certificateThresholdsOf,
  formatDuration,
  seesCertificates,
} from '../../domain/monitoring/index.js';
import {
  MONITOR_TYPES,
  SPEC_DNS_RECORD_TYPES,
  SPEC_HTTP_METHODS,
} from '../../domain/monitoring/monitor-spec.js';
import { DEFAULT_CERTIFICATE_THRESHOLDS_DAYS } from '../../domain/notifications/index.js';
import { monitorTarget, type MonitorDetail } from '../../services/monitor-service.js';
import { iso, StringEnum, Timestamp } from './schemas.js';

const Duration = Type.Union([Type.String(), Type.Integer({ minimum: 0 })], {
  description: 'A duration such as 500ms, 10s, 1m30s or 1h, or a number of milliseconds',
});

const Target = Type.Object(
  {
    url: Type.Optional(
      Type.String({ description: 'http: the http:// or https:// URL to request' }),
    ),
    method: Type.Optional(StringEnum(SPEC_HTTP_METHODS, { description: 'http: default GET' })),
    headers: Type.Optional(
      Type.Object(
        {},
        { additionalProperties: Type.String(), description: 'http: request headers' },
      ),
    ),
    body: Type.Optional(Type.String({ description: 'http: request body' })),
    follow_redirects: Type.Optional(Type.Boolean({ description: 'http: default true' })),
    verify_tls: Type.Optional(Type.Boolean({ description: 'http: default true' })),
    host: Type.Optional(Type.String({ description: 'tcp, tls: host name or IP address' })),
    port: Type.Optional(Type.Integer({ description: 'tcp: required; tls: default 443' })),
    servername: Type.Optional(Type.String({ description: 'tls: SNI name; default the host' })),
    name: Type.Optional(Type.String({ description: 'dns: the name to look up' })),
    record_type: Type.Optional(
      StringEnum(SPEC_DNS_RECORD_TYPES, { description: 'dns: default A' }),
    ),
    resolver: Type.Optional(
      Type.String({ description: 'dns: resolver IP[:port]; the system resolvers otherwise' }),
    ),
    grace: Type.Optional(
      Type.Union([Type.String(), Type.Integer({ minimum: 0 })], {
        description: 'heartbeat: how late a ping may be (default 1m)',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'What is checked; the fields of the monitor type only',
  },
);

const MonitorType = StringEnum(MONITOR_TYPES, { description: 'Check type; cannot change' });

const settingFields = {
  interval: Type.Optional(Duration),
  timeout: Type.Optional(Duration),
  regions: Type.Optional(
    Type.Array(Type.String(), { description: 'Regions whose probes check it', minItems: 1 }),
  ),
  failure_threshold: Type.Optional(
    Type.Integer({ description: 'Consecutive failures before a region is failing (default 3)' }),
  ),
  success_threshold: Type.Optional(
    Type.Integer({ description: 'Consecutive successes before it recovers (default 2)' }),
  ),
  quorum: Type.Optional(
    Type.Integer({ description: 'Failing regions that make it down (default a majority)' }),
  ),
  degraded_latency: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: 'A passing check slower than this makes it degraded; null for never',
    }),
  ),
  paused: Type.Optional(Type.Boolean()),
  certificate_expiry_days: Type.Optional(
    Type.Union([Type.Array(Type.Integer()), Type.Null()], {
      description:
        'http and tls only: days before the certificate expires at which to notify ' +
        '(whole days 1-365, at most 10, none repeated); [] for never, null for the default ' +
        JSON.stringify(DEFAULT_CERTIFICATE_THRESHOLDS_DAYS),
    }),
  ),
};

const writeFields = {
  ...settingFields,
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Unique' }),
  type: MonitorType,
  target: Type.Optional(Target),
  conditions: Type.Optional(
    Type.Array(Type.String(), {
      description: 'Conditions a check must meet, e.g. "status == 200", "latency < 500ms"',
    }),
  ),
  components: Type.Optional(
    Type.Array(Type.String(), { description: 'Ids of the components this monitor drives' }),
  ),
};

export const CreateMonitor = Type.Object(writeFields, { additionalProperties: false });
export const UpdateMonitor = Type.Object(
  { ...writeFields, name: Type.Optional(writeFields.name), type: Type.Optional(MonitorType) },
  { additionalProperties: false },
);

const representation = {
  id: Type.String(),
  name: Type.String(),
  type: MonitorType,
  target: Target,
  interval: Type.String(),
  timeout: Type.String(),
  regions: Type.Array(Type.String()),
  failure_threshold: Type.Integer(),
  success_threshold: Type.Integer(),
  quorum: Type.Integer(),
  degraded_latency: Type.Union([Type.String(), Type.Null()]),
  paused: Type.Boolean(),
  certificate_expiry_days: Type.Optional(
    Type.Array(Type.Integer(), {
      description: 'http and tls only: days before expiry that notify, largest first',
    }),
  ),
  conditions: Type.Array(Type.String()),
  components: Type.Array(Type.String()),
  created_at: Timestamp,
  updated_at: Timestamp,
};

export const MonitorSchema = Type.Object(representation, { description: 'A monitor' });
export const CreatedMonitorSchema = Type.Object(
  {
    ...representation,
    heartbeat: Type.Optional(
      Type.Object(
        {
          secret: Type.String(),
          path: Type.String({ description: 'Call this path (GET or POST) to report a run' }),
        },
        { description: 'Heartbeat monitors only. Shown only this once.' },
      ),
    ),
  },
  { description: 'The new monitor; a heartbeat monitor with its secret' },
);

export function serializeMonitor({ monitor, componentIds }: MonitorDetail) {
  const settings = monitor.settings;
  return {
    id: monitor.id,
    name: monitor.name,
    type: monitor.type,
    // Stored targets were validated by the same rules as this schema when written.
    target: monitorTarget(monitor) as Static<typeof Target>,
    interval: formatDuration(settings.intervalMs),
    timeout: formatDuration(settings.timeoutMs),
    regions: settings.regions,
    failure_threshold: settings.failureThreshold,
    success_threshold: settings.successThreshold,
    quorum: settings.quorum,
    degraded_latency:
      settings.degradedLatencyMs === null ? null : formatDuration(settings.degradedLatencyMs),
    paused: settings.paused,
    ...(seesCertificates(monitor.type)
      ? { certificate_expiry_days: [...certificateThresholdsOf(settings)] }
      : {}),
    conditions: monitor.conditions,
    components: componentIds,
    created_at: iso(monitor.created_at),
    updated_at: iso(monitor.updated_at),
  };
}
