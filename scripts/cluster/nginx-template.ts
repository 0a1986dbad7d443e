// Renders deploy/nginx/templates/vigil.conf.template the way envsubst does (only ${NAME} of the
// given names is replaced, nginx's own $variables are left alone), so the local cluster runs the
// very configuration production runs; also writes the upstream list that template includes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './vigil-command.js';

export const NGINX_TEMPLATE_PATH = join(ROOT, 'deploy/nginx/templates/vigil.conf.template');

/** Every placeholder of the template; README.md (deploy/nginx) documents each. */
export const NGINX_PLACEHOLDERS = [
  'VIGIL_NGINX_LISTEN_HTTP',
  'VIGIL_NGINX_LISTEN_HTTPS',
  'VIGIL_NGINX_SERVER_NAME',
  'VIGIL_BASE_URL',
  'VIGIL_NGINX_TLS_CERTIFICATE',
  'VIGIL_NGINX_TLS_CERTIFICATE_KEY',
  'VIGIL_NGINX_UPSTREAMS_FILE',
  'VIGIL_NGINX_CACHE_DIR',
  'VIGIL_NGINX_ACME_ROOT',
  'VIGIL_NGINX_ACCESS_LOG',
  'VIGIL_BODY_LIMIT_BYTES',
] as const;

export type NginxPlaceholder = (typeof NGINX_PLACEHOLDERS)[number];
export type NginxTemplateValues = Record<NginxPlaceholder, string>;

/** Passive health of each web instance; deploy/nginx/upstreams.conf.example uses the same. */
export const UPSTREAM_SERVER_PARAMETERS = 'max_fails=3 fail_timeout=5s';
/**
 * Each instance is listed again as a backup that is never marked down: nginx 1.22 gives up
 * ("no live upstreams") when every primary is marked down, even one that is back already (a
 * rolling restart: the instance just restarted is still marked while the next one drains).
 */
export const UPSTREAM_BACKUP_PARAMETERS = 'backup max_fails=0';

const PLACEHOLDER = /\$\{([A-Z][A-Z0-9_]*)\}/g;
/** A value that could end a directive or open a block would change the configuration's shape. */
const UNSAFE_VALUE = /[;{}#\n\r'"\\]/;

/** The placeholder names a template uses, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

export function readNginxTemplate(): string {
  return readFileSync(NGINX_TEMPLATE_PATH, 'utf8');
}

/** Replaces every placeholder; one the template uses without a value, or an unsafe value, throws. */
export function renderNginxTemplate(template: string, values: NginxTemplateValues): string {
  for (const [name, value] of Object.entries(values)) {
    if (UNSAFE_VALUE.test(value) || value.trim() === '') {
      throw new RangeError(
        `${name}=${JSON.stringify(value)} is empty or has ; { } # quotes or a line break`,
      );
    }
  }
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = (values as Record<string, string | undefined>)[name];
    if (value === undefined) throw new RangeError(`no value for ${whole} in the nginx template`);
    return value;
  });
}

/** The file included inside `upstream vigil_web { }`: each instance as primary, then as backup. */
export function upstreamsFile(addresses: readonly string[]): string {
  if (addresses.length === 0) throw new RangeError('nginx needs at least one upstream address');
  for (const address of addresses) {
    if (!/^[A-Za-z0-9.[\]:-]+:\d{1,5}$/.test(address)) {
      throw new RangeError(`upstream ${JSON.stringify(address)} is not HOST:PORT`);
    }
  }
  const lines = (parameters: string) =>
    addresses.map((address) => `server ${address} ${parameters};\n`).join('');
  return lines(UPSTREAM_SERVER_PARAMETERS) + lines(UPSTREAM_BACKUP_PARAMETERS);
}
