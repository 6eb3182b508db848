// A server of a test's own, to kill and restart: the same binary and site as the shared one, on
// another port, with its own SQLite file that survives a restart.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { request } = require('@playwright/test');

const ROOT = path.resolve(__dirname, '..', '..');
const PASSWORD = 'e2e-wachtwoord-123';
/** The sync protocol's version, read from `app/protocol/src/sync.rs`. */
const PROTOCOL_VERSION = Number(
  /PROTOCOL_VERSION: u32 = (\d+);/.exec(fs.readFileSync(path.join(ROOT, 'app/protocol/src/sync.rs'), 'utf8'))[1],
);

class OwnServer {
  /** `binary` and `siteRoot` relative to the repository (defaults: the debug build and `site`). */
  constructor(port, { binary = 'target/debug/werkzaam-server', siteRoot = 'site' } = {}) {
    this.port = port;
    this.binary = path.join(ROOT, binary);
    this.siteRoot = siteRoot;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'werkzaam-e2e-'));
    this.url = `http://127.0.0.1:${port}`;
  }

  async start() {
    if (await this.answers()) throw new Error(`port ${this.port} is taken by another server`);
    this.proc = spawn(
      this.binary,
      ['--addr', `127.0.0.1:${this.port}`, '--database-url', `sqlite://${this.dir}/e2e.db`, '--site-root', this.siteRoot,
        '--recovery-key-file', `${this.dir}/herstelsleutels.key`, '--demo'],
      { cwd: ROOT, env: { ...process.env, WERKZAAM_DEMO_PASSWORD: PASSWORD }, stdio: process.env.WERKZAAM_SERVER_STDERR ? ['ignore', 'ignore', 'inherit'] : 'ignore' },
    );
    this.exited = new Promise((resolve) => this.proc.once('exit', resolve));
    for (let i = 0; i < 300; i++) {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
        throw new Error(`the server stopped at once (${this.proc.exitCode ?? this.proc.signalCode})`);
      }
      if (await this.answers()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the server did not start');
  }

  async answers() {
    try {
      return (await fetch(`${this.url}/shell.html`)).ok;
    } catch (_) {
      return false;
    }
  }

  /** SIGKILL: no shutdown, no flushing, like a crash or a pulled plug. */
  async kill() {
    this.proc.kill('SIGKILL');
    await this.exited;
  }

  async stop() {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) await this.kill();
    if (await this.answers()) throw new Error(`a server still answers on port ${this.port}`);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Every dialogue the server holds of `email`, through the pull API (as a new device). */
  async dialoguesOf(email) {
    const api = await apiAs(this.url, email, PASSWORD);
    const out = [];
    let cursor = -1;
    for (let page = 0; page < 100; page++) {
      const r = await api.post('/api/sync/pull', { data: { protocol_version: PROTOCOL_VERSION, cursor } });
      if (!r.ok()) throw new Error(`pull: ${r.status()} ${await r.text()}`);
      const body = await r.json();
      out.push(...body.dialogues);
      cursor = body.cursor;
      if (!body.more) break;
    }
    await api.dispose();
    return out;
  }
}

/**
 * A request context logged in as `email` through the API that sends the request key of its
 * login (`X-Werkzaam-Sleutel`) with every request, as the app does (issue 15): the cookie alone
 * opens no client content.
 */
async function apiAs(baseURL, email, password) {
  const login = await request.newContext({ baseURL });
  const r = await login.post('/api/inloggen', { data: { email, password } });
  if (!r.ok()) throw new Error(`login ${email}: ${r.status()} ${await r.text()}`);
  const key = r.headers()['x-werkzaam-sleutel'];
  if (!key) throw new Error('the login handed out no request key');
  const storageState = await login.storageState();
  await login.dispose();
  return request.newContext({ baseURL, storageState, extraHTTPHeaders: { 'x-werkzaam-sleutel': key } });
}

module.exports = { OwnServer, PROTOCOL_VERSION, apiAs };
