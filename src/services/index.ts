// Composition of the use cases over one database: what every door (web, CLI, control socket) uses.
import type { Kysely } from 'kysely';
import { AccountRepository } from '../store/account-repository.js';
import type { Database } from '../store/schema.js';
import { ApiKeyService } from './api-key-service.js';
import { AuthService } from './auth-service.js';
import { HeartbeatService } from './heartbeat-service.js';
import { IncidentService } from './incident-service.js';
import { MonitorHistoryService } from './monitor-history-service.js';
import { MonitorService } from './monitor-service.js';
import { ProbeIngestService } from './probe-ingest-service.js';
import { ProbeTokenService } from './probe-token-service.js';
import { StatusPageService } from './status-page-service.js';

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
}

export interface ServiceOptions {
  sessionTtlMs: number;
  /** The heartbeat period probe agents are asked for (default: the protocol's 5 s). */
  probeHeartbeatMs?: number;
}

export function createServices(db: Kysely<Database>, options: ServiceOptions): Services {
  const accounts = new AccountRepository(db);
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
  };
}
