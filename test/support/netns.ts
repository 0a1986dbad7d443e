// Network namespaces for fault tests: a `hub` namespace linked to one namespace per region by a
// veth pair of its own, inside a private 10.N.0.0/16 that a blackhole route in the root namespace
// keeps on this machine; nftables rules in the hub cut a region off from one port of the hub.
//
//   root namespace: only `ip route add blackhole 10.N.0.0/16` (nothing of the test net is here)
//   hub:  lo 127.0.0.1 and 10.N.0.1 (shared address)    link1 10.N.1.1/24    link2 10.N.2.1/24 ...
//   r1:   lo, hub 10.N.1.2/24, route 10.N.0.0/16 via 10.N.1.1
//   r2:   lo, hub 10.N.2.2/24, route 10.N.0.0/16 via 10.N.2.1          (the hub does not forward,
//   ...                                                                 so regions reach only it)
import { execFile, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { waitFor } from '../cli/cli-support.js';

const run = promisify(execFile);
/** Every ip/nft call is quick; one that hangs is a broken machine, not a slow one. */
const COMMAND_TIMEOUT_MS = 15_000;
/** Our own nftables table in the hub; deleting the namespace deletes it too. */
const TABLE = ['inet', 'vigiltest'] as const;

export interface RegionLink {
  region: string;
  namespace: string;
  /** The hub's end of the link: where this region reaches services of the hub. */
  hubAddress: string;
  /** The region's end: the source address of everything the region sends. */
  regionAddress: string;
}

export interface HubTopology {
  /** The 10.N.0.0/16 of this run, blackholed in the root namespace. */
  subnet: string;
  hub: string;
  /** On the hub's loopback, routed from every region: for a service all regions share. */
  sharedAddress: string;
  regions: ReadonlyMap<string, RegionLink>;
  /** Command prefix that runs a program inside `namespace` (`ip netns exec` execs it). */
  launcher(namespace: string): string[];
  /** Drops every TCP packet from `region` to the hub's `port`: a silent cut, not a refusal. */
  cut(region: string, port: number): Promise<void>;
  heal(region: string, port: number): Promise<void>;
  /** An HTTP GET made from inside `namespace`; rejects when nothing answers within 5 s. */
  fetchIn(namespace: string, url: string): Promise<{ status: number; body: string }>;
  /** Deletes the namespaces (their veths and nftables go with them) and the blackhole route. */
  destroy(): Promise<void>;
}

async function command(file: string, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await run(file, args, { timeout: COMMAND_TIMEOUT_MS });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${file} ${args.join(' ')} failed: ${stderr || (error as Error).message}`);
  }
}

const ip = (...args: string[]) => command('ip', ...args);
const nft = (namespace: string, ...args: string[]) =>
  command('ip', 'netns', 'exec', namespace, 'nft', ...args);

/** Why namespaces cannot be used here, or false: root, `ip netns`, veth and nftables all work. */
export async function namespaceSupportProblem(): Promise<string | false> {
  if (process.getuid?.() !== 0) return 'not root (network namespaces need CAP_NET_ADMIN)';
  const probe = `vigil-check-${randomBytes(4).toString('hex')}`;
  try {
    await command('nft', '--version');
    await ip('netns', 'add', probe);
    await ip('-n', probe, 'link', 'add', 'name', 'a', 'type', 'veth', 'peer', 'name', 'b');
    await nft(probe, 'add', 'table', ...TABLE);
    return false;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await ip('netns', 'del', probe).catch(() => undefined);
  }
}

export async function createHubTopology(regionNames: readonly string[]): Promise<HubTopology> {
  const id = randomBytes(3).toString('hex');
  // Claimed before any namespace gets an address, so no packet of the test net can leave.
  const subnet = await claimSubnet();
  const net = subnet.split('.').slice(0, 2).join('.');
  const hub = `vigil-${id}-hub`;
  const namespaces: string[] = [];
  const regions = new Map<string, RegionLink>();
  const cuts = new Map<string, string>();
  let destroyed = false;

  const topology: HubTopology = {
    subnet,
    hub,
    sharedAddress: `${net}.0.1`,
    regions,
    launcher: (namespace) => ['ip', 'netns', 'exec', namespace],
    async cut(region, port) {
      const link = linkOf(regions, region);
      const echoed = await nft(
        hub,
        '--echo',
        '--handle',
        'add',
        'rule',
        ...TABLE,
        'input',
        'ip',
        'saddr',
        link.regionAddress,
        'tcp',
        'dport',
        String(port),
        'counter',
        'drop',
      );
      const handle = /# handle (\d+)/.exec(echoed)?.[1];
      if (!handle) throw new Error(`nft printed no rule handle: ${echoed}`);
      cuts.set(`${region}:${port}`, handle);
    },
    async heal(region, port) {
      const handle = cuts.get(`${region}:${port}`);
      if (!handle) throw new Error(`${region} is not cut off from port ${port}`);
      await nft(hub, 'delete', 'rule', ...TABLE, 'input', 'handle', handle);
      cuts.delete(`${region}:${port}`);
    },
    fetchIn: (namespace, url) => fetchIn(namespace, url),
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      const problems: string[] = [];
      for (const namespace of namespaces.reverse()) {
        // A process left inside would keep the namespace (and its veths) alive unnamed.
        const pids = (await ip('netns', 'pids', namespace).catch(() => '')).trim();
        if (pids) problems.push(`processes still running in ${namespace}: ${pids}`);
        await ip('netns', 'del', namespace).catch((error: Error) => problems.push(error.message));
      }
      await ip('route', 'del', 'blackhole', subnet).catch((error: Error) =>
        problems.push(error.message),
      );
      if (problems.length > 0) throw new Error(problems.join('; '));
    },
  };

  try {
    await ip('netns', 'add', hub);
    namespaces.push(hub);
    await ip('-n', hub, 'link', 'set', 'lo', 'up');
    await ip('-n', hub, 'addr', 'add', `${topology.sharedAddress}/32`, 'dev', 'lo');
    await nft(hub, 'add', 'table', ...TABLE);
    await nft(
      hub,
      'add',
      'chain',
      ...TABLE,
      'input',
      '{ type filter hook input priority 0 ; policy accept ; }',
    );
    for (const [index, region] of regionNames.entries()) {
      const link: RegionLink = {
        region,
        namespace: `vigil-${id}-${region}`,
        hubAddress: `${net}.${index + 1}.1`,
        regionAddress: `${net}.${index + 1}.2`,
      };
      await ip('netns', 'add', link.namespace);
      namespaces.push(link.namespace);
      await connect(hub, `link${index + 1}`, link, subnet);
      regions.set(region, link);
    }
  } catch (error) {
    await topology.destroy().catch(() => undefined);
    throw error;
  }
  return topology;
}

/** A veth pair made directly in the two namespaces (never in the root one), with addresses. */
async function connect(hub: string, hubSide: string, link: RegionLink, subnet: string) {
  const { namespace } = link;
  await ip(
    '-n',
    hub,
    'link',
    'add',
    'name',
    hubSide,
    'type',
    'veth',
    'peer',
    'name',
    'hub',
    'netns',
    namespace,
  );
  await ip('-n', hub, 'addr', 'add', `${link.hubAddress}/24`, 'dev', hubSide);
  await ip('-n', hub, 'link', 'set', hubSide, 'up');
  await ip('-n', namespace, 'link', 'set', 'lo', 'up');
  await ip('-n', namespace, 'addr', 'add', `${link.regionAddress}/24`, 'dev', 'hub');
  await ip('-n', namespace, 'link', 'set', 'hub', 'up');
  await ip('-n', namespace, 'route', 'add', subnet, 'via', link.hubAddress);
}

function linkOf(regions: ReadonlyMap<string, RegionLink>, region: string): RegionLink {
  const link = regions.get(region);
  if (!link) throw new Error(`no region ${region} in this topology`);
  return link;
}

/**
 * A random 10.N.0.0/16 that no address or route of the root namespace touches, claimed by adding
 * its blackhole route: a parallel run that picked the same N finds the route and picks again.
 */
async function claimSubnet(): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const subnet = `10.${randomInt(16, 250)}.0.0/16`;
    const used = await usedPrefixes();
    if (used.some((prefix) => overlaps(prefix, subnet))) continue;
    try {
      await ip('route', 'add', 'blackhole', subnet);
      return subnet;
    } catch (error) {
      if (/File exists/i.test((error as Error).message)) continue;
      throw error;
    }
  }
  throw new Error('found no unused 10.N.0.0/16 for the test network in 20 tries');
}

/** Route types `ip route` prints before the prefix. */
const ROUTE_TYPES = new Set([
  'unicast',
  'local',
  'broadcast',
  'multicast',
  'anycast',
  'blackhole',
  'unreachable',
  'prohibit',
  'throw',
  'nat',
]);

async function usedPrefixes(): Promise<string[]> {
  const routes = (await ip('-4', '-o', 'route', 'show', 'table', 'all')).split('\n');
  const addresses = (await ip('-4', '-o', 'addr', 'show')).split('\n');
  const prefixes: string[] = [];
  for (const line of routes) {
    const words = line.trim().split(/\s+/);
    const prefix = ROUTE_TYPES.has(words[0] ?? '') ? words[1] : words[0];
    // The default route covers everything without using any of it.
    if (prefix && prefix !== 'default') prefixes.push(prefix);
  }
  for (const line of addresses) {
    const address = /\binet (\S+)/.exec(line)?.[1];
    if (address) prefixes.push(address);
  }
  return prefixes;
}

function range(prefix: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))?$/.exec(prefix);
  if (!match) return undefined;
  const [a, b, c, d] = match.slice(1, 5).map(Number) as [number, number, number, number];
  const value = a * 2 ** 24 + b * 2 ** 16 + c * 2 ** 8 + d;
  const size = 2 ** (32 - (match[5] === undefined ? 32 : Number(match[5])));
  const start = value - (value % size);
  return [start, start + size - 1];
}

function overlaps(a: string, b: string): boolean {
  const first = range(a);
  const second = range(b);
  return !!first && !!second && first[0] <= second[1] && second[0] <= first[1];
}

const FETCH_SCRIPT = `fetch(process.argv[1], { signal: AbortSignal.timeout(5000) }).then(
  async (response) => process.stdout.write(response.status + '\\n' + (await response.text())),
  (error) => { process.stderr.write(String(error.cause ?? error)); process.exit(2); },
)`;

async function fetchIn(namespace: string, url: string): Promise<{ status: number; body: string }> {
  let output: string;
  try {
    ({ stdout: output } = await run(
      'ip',
      ['netns', 'exec', namespace, process.execPath, '-e', FETCH_SCRIPT, url],
      { timeout: COMMAND_TIMEOUT_MS },
    ));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`GET ${url} from ${namespace}: ${stderr || (error as Error).message}`);
  }
  const newline = output.indexOf('\n');
  return { status: Number(output.slice(0, newline)), body: output.slice(newline + 1) };
}

/**
 * Waits until `child` (started through `launcher`) has become `program` itself: `ip netns exec`
 * execs rather than forks, so the PID a test holds, and stops, is the program's own.
 */
export async function waitForExec(child: ChildProcess, program = process.execPath): Promise<void> {
  await waitFor(
    `process ${child.pid} to exec ${program}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`process ${child.pid} exited early`);
      const argv = (await readFile(`/proc/${child.pid}/cmdline`, 'utf8')).split('\0');
      return argv[0] === program ? true : undefined;
    },
    10_000,
  );
}
