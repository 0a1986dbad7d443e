import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './env.js';

describe('loadConfig', () => {
  it('has working defaults for an embedded single-process start', () => {
    const config = loadConfig({});
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.baseUrl, 'http://127.0.0.1:3000');
    assert.equal(config.secureCookies, false);
    assert.ok(config.dataDir.endsWith('/data'));
  });

  it('has probe defaults and reads the probe token from a file', () => {
    const defaults = loadConfig({ DATA_DIR: '/srv/vigil' }).probe;
    assert.deepEqual(defaults, {
      region: undefined,
      serverUrl: undefined,
      token: undefined,
      concurrency: 64,
      bufferDir: '/srv/vigil/probe-buffer',
    });
    const dir = mkdtempSync(join(tmpdir(), 'vigil-env-'));
    writeFileSync(join(dir, 'token'), 'vigil_probe_abc\n');
    const probe = loadConfig({
      VIGIL_PROBE_REGION: 'eu-west',
      VIGIL_PROBE_SERVER: 'https://status.example.com',
      VIGIL_PROBE_TOKEN_FILE: join(dir, 'token'),
      VIGIL_PROBE_CONCURRENCY: '8',
      VIGIL_PROBE_BUFFER_DIR: '/var/lib/vigil-probe',
    }).probe;
    assert.deepEqual(probe, {
      region: 'eu-west',
      serverUrl: 'https://status.example.com/',
      token: 'vigil_probe_abc',
      concurrency: 8,
      bufferDir: '/var/lib/vigil-probe',
    });
    assert.throws(() => loadConfig({ VIGIL_PROBE_CONCURRENCY: '0' }), /VIGIL_PROBE_CONCURRENCY/);
    assert.throws(() => loadConfig({ VIGIL_PROBE_SERVER: 'status' }), /VIGIL_PROBE_SERVER/);
  });

  it('reads secrets from *_FILE and strips the trailing newline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-env-'));
    writeFileSync(join(dir, 'pw'), 'from-a-file-secret\n');
    const config = loadConfig({
      VIGIL_ADMIN_EMAIL: 'a@b.co',
      VIGIL_ADMIN_PASSWORD_FILE: join(dir, 'pw'),
    });
    assert.equal(config.adminPassword, 'from-a-file-secret');
  });

  it('names the variable in every error', () => {
    const rejects = (env: Record<string, string>, variable: string) =>
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && error.variable === variable,
      );
    rejects({ PORT: 'eighty' }, 'PORT');
    rejects({ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL');
    rejects({ VIGIL_BASE_URL: 'ftp://x' }, 'VIGIL_BASE_URL');
    rejects({ VIGIL_ADMIN_EMAIL: 'a@b.co' }, 'VIGIL_ADMIN_PASSWORD');
    rejects(
      { VIGIL_ADMIN_PASSWORD_FILE: '/nonexistent/file', VIGIL_ADMIN_EMAIL: 'a@b.co' },
      'VIGIL_ADMIN_PASSWORD_FILE',
    );
    rejects({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL');
    rejects({ VIGIL_SECURE_COOKIES: 'maybe' }, 'VIGIL_SECURE_COOKIES');
    rejects({ VIGIL_RATE_LIMIT_TIMEOUT_MS: '10' }, 'VIGIL_RATE_LIMIT_TIMEOUT_MS');
  });

  it('waits 500 ms for the shared rate counters unless told otherwise', () => {
    assert.equal(loadConfig({}).rateLimitTimeoutMs, 500);
    assert.equal(loadConfig({ VIGIL_RATE_LIMIT_TIMEOUT_MS: '2000' }).rateLimitTimeoutMs, 2000);
  });

  it('turns on secure cookies behind https', () => {
    assert.equal(loadConfig({ VIGIL_BASE_URL: 'https://status.example.com/' }).secureCookies, true);
    assert.equal(
      loadConfig({ VIGIL_BASE_URL: 'https://status.example.com/' }).baseUrl,
      'https://status.example.com',
    );
  });

  it('reads the secret key as base64 or hex, from the variable or a file, and never echoes it', () => {
    const key = Buffer.alloc(32, 7);
    assert.deepEqual(loadConfig({ VIGIL_SECRET_KEY: key.toString('base64') }).secretKey, key);
    assert.deepEqual(loadConfig({ VIGIL_SECRET_KEY: key.toString('hex') }).secretKey, key);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-env-'));
    writeFileSync(join(dir, 'key'), `${key.toString('base64')}\n`);
    assert.deepEqual(loadConfig({ VIGIL_SECRET_KEY_FILE: join(dir, 'key') }).secretKey, key);
    assert.equal(loadConfig({}).secretKey, undefined);
    assert.throws(
      () => loadConfig({ VIGIL_SECRET_KEY: 'too-short-secret-value' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.variable === 'VIGIL_SECRET_KEY' &&
        !error.message.includes('too-short-secret-value') &&
        /openssl rand -base64 32/.test(error.message),
    );
  });

  it('reads previous secret keys, comma-separated or one a line in a file, never echoing one', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    assert.deepEqual(loadConfig({}).previousSecretKeys, []);
    assert.deepEqual(
      loadConfig({ VIGIL_SECRET_KEY_PREVIOUS: `${a.toString('base64')}, ${b.toString('hex')}` })
        .previousSecretKeys,
      [a, b],
    );
    const dir = mkdtempSync(join(tmpdir(), 'vigil-env-'));
    writeFileSync(join(dir, 'previous'), `${a.toString('base64')}\n${b.toString('base64')}\n`);
    assert.deepEqual(
      loadConfig({ VIGIL_SECRET_KEY_PREVIOUS_FILE: join(dir, 'previous') }).previousSecretKeys,
      [a, b],
    );
    assert.throws(
      () => loadConfig({ VIGIL_SECRET_KEY_PREVIOUS: `${a.toString('base64')},not-a-key-value` }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.variable === 'VIGIL_SECRET_KEY_PREVIOUS' &&
        /key 2 of 2/.test(error.message) &&
        !error.message.includes('not-a-key-value') &&
        !error.message.includes(a.toString('base64')),
    );
  });

  it('has notifier defaults and checks its settings', () => {
    assert.deepEqual(loadConfig({}).notifier, {
      concurrency: 16,
      timeoutMs: 10_000,
      maxAttempts: 10,
      retryBaseMs: 10_000,
      retryMaxMs: 3_600_000,
    });
    assert.equal(loadConfig({ VIGIL_NOTIFIER_TIMEOUT_SECONDS: '3' }).notifier.timeoutMs, 3000);
    assert.throws(
      () => loadConfig({ VIGIL_NOTIFIER_CONCURRENCY: '0' }),
      /VIGIL_NOTIFIER_CONCURRENCY/,
    );
    assert.throws(
      () =>
        loadConfig({ VIGIL_NOTIFIER_RETRY_SECONDS: '60', VIGIL_NOTIFIER_RETRY_MAX_SECONDS: '30' }),
      /VIGIL_NOTIFIER_RETRY_MAX_SECONDS/,
    );
  });

  it('reads the system mail settings, from the variable or its file', () => {
    assert.deepEqual(loadConfig({}).mail, {
      smtp: undefined,
      from: { name: 'Vigil', address: 'vigil@localhost' },
    });
    assert.deepEqual(loadConfig({ VIGIL_BASE_URL: 'https://Status.Example.com/' }).mail.from, {
      name: 'Vigil',
      address: 'vigil@status.example.com',
    });
    const config = loadConfig({
      VIGIL_SMTP_URL: 'smtp://mailer:pw@mail.example.com:2525',
      VIGIL_MAIL_FROM: 'Acme Status <status@Acme.example>',
    });
    assert.deepEqual(config.mail, {
      smtp: {
        host: 'mail.example.com',
        port: 2525,
        security: 'starttls',
        username: 'mailer',
        password: 'pw',
      },
      from: { name: 'Acme Status', address: 'status@acme.example' },
    });
    const dir = mkdtempSync(join(tmpdir(), 'vigil-env-'));
    const file = join(dir, 'smtp-url');
    writeFileSync(file, 'smtps://mail.example.com\n');
    assert.deepEqual(loadConfig({ VIGIL_SMTP_URL_FILE: file }).mail.smtp, {
      host: 'mail.example.com',
      port: 465,
      security: 'tls',
    });
  });

  it('refuses bad mail settings naming the variable, never echoing the password', () => {
    assert.throws(
      () => loadConfig({ VIGIL_SMTP_URL: 'http://user:hunter2-secret@mail.example.com' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.variable === 'VIGIL_SMTP_URL' &&
        /smtp:\/\//.test(error.message) &&
        !error.message.includes('hunter2-secret'),
    );
    assert.throws(
      () => loadConfig({ VIGIL_MAIL_FROM: 'Vigil <status@example.com>\r\nBcc: x@y.z' }),
      (error: unknown) => error instanceof ConfigError && error.variable === 'VIGIL_MAIL_FROM',
    );
    assert.throws(
      () => loadConfig({ VIGIL_MAIL_FROM: 'not-an-address' }),
      (error: unknown) => error instanceof ConfigError && error.variable === 'VIGIL_MAIL_FROM',
    );
  });
});
