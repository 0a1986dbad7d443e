// Shares a region's monitors among its live agents by rendezvous (highest random weight) hashing:
// every agent computes the same split from the same agent list, and when an agent joins or leaves
// only the monitors it gains or held move, so the rest keep their schedule.
import { createHash } from 'node:crypto';

/** The agent among `agents` that checks `monitorId`; undefined when there is no agent. */
export function ownerOf(monitorId: string, agents: readonly string[]): string | undefined {
  let owner: string | undefined;
  let best = -1n;
  for (const agent of agents) {
    const weight = weightOf(agent, monitorId);
    // Ties (practically impossible with 64 bits) go to the smaller id, the same on every agent.
    if (weight > best || (weight === best && owner !== undefined && agent < owner)) {
      best = weight;
      owner = agent;
    }
  }
  return owner;
}

/** The monitors of `monitorIds` that `agent` checks when `agents` share them. */
export function shareOf<T extends { id: string }>(
  agent: string,
  agents: readonly string[],
  monitors: readonly T[],
): T[] {
  const everyone = agents.includes(agent) ? agents : [...agents, agent];
  return monitors.filter((monitor) => ownerOf(monitor.id, everyone) === agent);
}

function weightOf(agent: string, monitorId: string): bigint {
  // SHA-256 is overkill for spreading but is stable across Node versions and platforms.
  const digest = createHash('sha256').update(agent).update('\u0000').update(monitorId).digest();
  return digest.readBigUInt64BE(0);
}
