// A minimal Marionette client (Firefox's remote protocol, built into every
// Firefox) for the Firefox smoke test: web-ext installs the extension, and
// this drives the browser: navigate, run scripts, send trusted key presses.
// Protocol: length-prefixed JSON, `len:[0, id, command, params]` out and
// `len:[1, id, error, result]` back.
import { connect } from 'node:net';

export class Marionette {
  constructor() {
    this.buf = Buffer.alloc(0);
    this.pending = new Map();
    this.nextId = 1;
    this.waiters = [];
  }

  /** open connects (retrying while Firefox starts) and reads the greeting. */
  async open(port, host = '127.0.0.1', timeoutMs = 60000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.tryConnect(port, host);
        break;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`Marionette on port ${port}: ${err.message}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    await new Promise((resolve) => this.waiters.push(resolve)); // the greeting
  }

  tryConnect(port, host) {
    return new Promise((resolve, reject) => {
      const sock = connect(port, host);
      sock.once('error', reject);
      sock.once('connect', () => {
        sock.removeListener('error', reject);
        sock.on('error', () => {});
        sock.on('data', (d) => this.onData(d));
        this.sock = sock;
        resolve();
      });
    });
  }

  onData(d) {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const colon = this.buf.indexOf(':');
      if (colon < 0) return;
      const len = Number(this.buf.subarray(0, colon).toString());
      if (this.buf.length < colon + 1 + len) return;
      const msg = JSON.parse(this.buf.subarray(colon + 1, colon + 1 + len).toString('utf8'));
      this.buf = this.buf.subarray(colon + 1 + len);
      if (Array.isArray(msg) && msg[0] === 1) {
        const p = this.pending.get(msg[1]);
        this.pending.delete(msg[1]);
        if (p) (msg[2] ? p.reject(new Error(`${msg[2].error}: ${msg[2].message}`)) : p.resolve(msg[3]));
      } else {
        const w = this.waiters.shift();
        if (w) w(msg);
      }
    }
  }

  send(command, params = {}) {
    const id = this.nextId++;
    const body = Buffer.from(JSON.stringify([0, id, command, params]), 'utf8');
    this.sock.write(`${body.length}:`);
    this.sock.write(body);
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  async session() {
    return this.send('WebDriver:NewSession', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
  }

  navigate(url) {
    return this.send('WebDriver:Navigate', { url });
  }

  /** execute runs an async function body (`arguments[0]`… are args) and returns its value. */
  async execute(script, args = []) {
    const res = await this.send('WebDriver:ExecuteScript', { script, args });
    return res.value;
  }

  setContext(value) {
    return this.send('Marionette:SetContext', { value });
  }

  /** press sends a trusted key chord, e.g. press(['Alt', 'Shift', 'R']). */
  async press(keys) {
    const map = { Alt: '\uE00A', Shift: '\uE008', Control: '\uE009', Escape: '\uE00C', Enter: '\uE007' };
    const codes = keys.map((k) => map[k] || k);
    const actions = [...codes.map((value) => ({ type: 'keyDown', value })), ...codes.reverse().map((value) => ({ type: 'keyUp', value }))];
    await this.send('WebDriver:PerformActions', { actions: [{ type: 'key', id: 'kbd', actions }] });
    await this.send('WebDriver:ReleaseActions');
  }

  close() {
    if (this.sock) this.sock.destroy();
  }
}
