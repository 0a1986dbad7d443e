// Runs the `probe` role as a process: settings from options or VIGIL_PROBE_*, checked with
// messages that say what to pass; an HTTP transport to web; a refused token fails fast at start.
import type { Logger } from 'pino';
import type { VigilConfig } from '../config/env.js';
import { isLockOwner, tryLockDataDir, type DataDirLock } from '../control/data-dir-lock.js';
import { logStatsEvery } from '../observability/stats-log.js';
import { defaultAgentId, startProbeAgent, type ProbeAgent } from '../probe/agent.js';
import { HttpProbeTransport, parseServerUrl } from '../probe/http-transport.js';
import { ProbeTransportError } from '../probe/transport.js';
import { CliError } from './cli-error.js';

export interface ProbeOptions {
  region?: string;
  server?: string;
  token?: string;
}

export interface ProbeSettings {
  region: string;
  serverUrl: string;
  token: string;
  concurrency: number;
  bufferDir: string;
  /** How often the agent's counters are logged (0: never). */
  statsLogMs: number;
}

const REGION = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Options win over the environment; every missing or malformed one is named. */
export function probeSettings(options: ProbeOptions, config: VigilConfig): ProbeSettings {
  const region = options.region ?? config.probe.region;
  if (!region) {
    throw new CliError(
      'the probe role needs --region NAME (or VIGIL_PROBE_REGION): the region it checks from, e.g. eu-west',
    );
  }
  if (!REGION.test(region)) {
    throw new CliError(
      `--region ${JSON.stringify(region)}: use 1-63 lowercase letters, digits or hyphens, e.g. eu-west`,
    );
  }
  const server = options.server ?? config.probe.serverUrl;
  if (!server) {
    throw new CliError(
      'the probe role needs --server URL (or VIGIL_PROBE_SERVER): the address of the Vigil web service, e.g. https://status.example.com',
    );
  }
  try {
    parseServerUrl(server);
  } catch (error) {
    throw new CliError(`--server: ${(error as Error).message}`);
  }
  const token = options.token ?? config.probe.token;
  if (!token) {
    throw new CliError(
      'the probe role needs --token TOKEN (or VIGIL_PROBE_TOKEN / VIGIL_PROBE_TOKEN_FILE); ' +
        `create one on the web side with: vigil probe-token create --region ${region}`,
    );
  }
  if (/[\s\p{Cc}]/u.test(token)) {
    throw new CliError('--token: a probe token has no spaces or control characters');
  }
  return {
    region,
    serverUrl: server,
    token,
    concurrency: config.probe.concurrency,
    bufferDir: config.probe.bufferDir,
    statsLogMs: config.statsLogMs,
  };
}

export async function startProbeProcess(
  settings: ProbeSettings,
  logger: Logger,
): Promise<{ agent: ProbeAgent; stop(): Promise<void> }> {
  const lock = lockProbeBuffer(settings.bufferDir);
  const transport = new HttpProbeTransport({
    serverUrl: settings.serverUrl,
    token: settings.token,
  });
  let agent: ProbeAgent;
  try {
    const agentId = defaultAgentId();
    await refuseRejectedToken(transport, agentId, settings);
    agent = await startProbeAgent({
      region: settings.region,
      agentId,
      transport,
      bufferDir: settings.bufferDir,
      concurrency: settings.concurrency,
      logger,
    });
  } catch (error) {
    await transport.close();
    lock.release();
    throw error;
  }
  const stopStats = logStatsEvery(logger, 'probe stats', settings.statsLogMs, agent.metrics);
  return {
    agent,
    async stop() {
      stopStats();
      await agent.stop();
      await transport.close();
      lock.release();
    },
  };
}

/** One process per buffer directory: two appending to the same segments would corrupt them. */
export function lockProbeBuffer(bufferDir: string): DataDirLock {
  const lock = tryLockDataDir(bufferDir, 'server');
  if (isLockOwner(lock)) {
    throw new CliError(
      `the probe buffer ${bufferDir} is in use by another probe (pid ${lock.pid}); ` +
        'give each probe its own VIGIL_PROBE_BUFFER_DIR',
    );
  }
  return lock;
}

/**
 * A token web refuses at start is a typo or a revoked token: exit with that rather than run
 * checks nobody will take. Web being unreachable is not a reason to stop (it may start later).
 */
async function refuseRejectedToken(
  transport: HttpProbeTransport,
  agentId: string,
  settings: ProbeSettings,
): Promise<void> {
  try {
    await transport.assignment({ agent_id: agentId });
  } catch (error) {
    if (error instanceof ProbeTransportError && error.refused) {
      throw new CliError(
        `${settings.serverUrl} refused this probe (${error.message}); ` +
          `check --token, or create a token with: vigil probe-token create --region ${settings.region}`,
      );
    }
  }
}
