// Composition of the use cases over one database: what every door (web, CLI, control socket) uses.
import type { Kysely } from 'kysely';
import { AccountRepository } from '../store/account-repository.js';
import type { Database } from '../store/schema.js';
import { ApiKeyService } from './api-key-service.js';
import { AuthService } from './auth-service.js';
import { ChannelService } from './channel-service.js';
import { DeliveryService } from './delivery-service.js';
import { HeartbeatService } from './heartbeat-service.js';
import { IncidentService } from './incident-service.js';
import { MonitorHistoryService } from './monitor-history-service.js';
import { MonitorService } from './monitor-service.js';
import { ProbeIngestService } from './probe-ingest-service.js';
import { ProbeTokenService } from './probe-token-service.js';
import { RouteService } from './route-service.js';
import { SecretBox } from './secret-box.js';
import { SecretRotationService } from './secret-rotation.js';
import type { SystemMail } from '../notifier/channel.js';
import { StatusPageService } from './status-page-service.js';
import { SubscriberAdminService } from './subscriber-admin-service.js';

export interface Services {
  pages: StatusPageService;
  incidents: IncidentService;
  auth: AuthService;
  apiKeys: ApiKeyService;
  monitors: MonitorService;
  monitorHistory: MonitorHistoryService;
  probeTokens: ProbeTokenService;
  probeIngest: ProbeIngestService;
  heartbeats: HeartbeatService;
  channels: ChannelService;
  routes: RouteService;
  deliveries: DeliveryService;
  secrets: SecretRotationService;
  /** Admins' list, search, export and removal of status-page subscribers. */
  subscriberAdmin: SubscriberAdminService;
}

export interface ServiceOptions {
  sessionTtlMs: number;
  /** The heartbeat period probe agents are asked for (default: the protocol's 5 s). */
  probeHeartbeatMs?: number;
  /** Encrypts channel secrets; without one, storing a secret is refused with the reason. */
  secretBox?: SecretBox;
  /** System mail settings (config.mail), for test sends through email channels. */
  mail?: SystemMail;
}

export function createServices(db: Kysely<Database>, options: ServiceOptions): Services {
  const accounts = new AccountRepository(db);
  const secretBox =
    options.secretBox ?? SecretBox.without('no key for channel secrets was configured');
  return {
    pages: new StatusPageService(db),
    incidents: new IncidentService(db),
    auth: new AuthService(accounts, options.sessionTtlMs),
    apiKeys: new ApiKeyService(accounts),
    monitors: new MonitorService(db),
    monitorHistory: new MonitorHistoryService(db),
    probeTokens: new ProbeTokenService(db),
    probeIngest: new ProbeIngestService(db, { heartbeatMs: options.probeHeartbeatMs }),
    heartbeats: new HeartbeatService(db),
    channels: new ChannelService(db, secretBox, options.mail),
    routes: new RouteService(db),
    deliveries: new DeliveryService(db),
    secrets: new SecretRotationService(db, secretBox),
    subscriberAdmin: new SubscriberAdminService(db),
  };
}
