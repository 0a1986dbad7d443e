// A self-signed TLS certificate for 127.0.0.1 and localhost, made with openssl at run time (never
// committed), valid two days: the local cluster and its tests terminate TLS with it and trust it
// as their only CA.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Certificate {
  certPath: string;
  keyPath: string;
  /** The certificate in PEM: pass it as `ca` to trust it (or NODE_EXTRA_CA_CERTS=certPath). */
  pem: string;
}

export async function createSelfSignedCertificate(dir: string): Promise<Certificate> {
  const certPath = join(dir, 'vigil-test.crt');
  const keyPath = join(dir, 'vigil-test.key');
  await run(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { timeout: 30_000 },
  );
  return { certPath, keyPath, pem: await readFile(certPath, 'utf8') };
}
