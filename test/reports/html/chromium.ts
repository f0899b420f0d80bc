/**
 * A real headless Chromium driven over the DevTools protocol on a pipe
 * (--remote-debugging-pipe: JSON messages ending in NUL on file descriptors 3 and 4), so no
 * WebSocket client and no npm package is needed. Collects what a page test asserts on:
 * console messages, uncaught exceptions, browser log entries (CSP violations, failed loads)
 * and every network request the page starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

interface Pending {
  resolve: (value: Record<string, unknown>) => void;
  reject: (err: Error) => void;
  method: string;
}

export interface PageEvents {
  /** console.* calls: level and text. */
  console: Array<{ level: string; text: string }>;
  /** Uncaught exceptions in the page. */
  exceptions: string[];
  /** Log domain entries (network errors, CSP violations, ...). */
  log: Array<{ level: string; source: string; text: string; url?: string }>;
  /** URL of every request the page made (the document itself included). */
  requests: string[];
}

export class Chromium {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: Array<(method: string, params: Record<string, unknown>, sessionId?: string) => void> = [];
  private buffer = '';
  private exited = false;
  readonly stderr: string[] = [];

  private constructor(
    private readonly proc: ChildProcess,
    private readonly userDataDir: string,
  ) {
    const out = proc.stdio[4] as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => this.onData(chunk));
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      if (this.stderr.length < 200) this.stderr.push(chunk);
    });
    proc.on('exit', () => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`chromium exited while waiting for ${p.method}: ${this.stderr.join('').slice(-2000)}`));
      this.pending.clear();
    });
  }

  /** Starts Chromium headless, offline-minded flags, a fresh profile in a temp dir. */
  static async launch(): Promise<Chromium> {
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'keel-chromium-'));
    const proc = spawn(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        '--hide-scrollbars',
        '--mute-audio',
        `--user-data-dir=${userDataDir}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    const browser = new Chromium(proc, userDataDir);
    await browser.send('Browser.getVersion');
    return browser;
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const text = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      const msg = JSON.parse(text) as {
        id?: number;
        result?: Record<string, unknown>;
        error?: { message: string };
        method?: string;
        params?: Record<string, unknown>;
        sessionId?: string;
      };
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        if (!p) continue;
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
        else p.resolve(msg.result ?? {});
      } else if (msg.method) {
        for (const l of this.listeners) l(msg.method, msg.params ?? {}, msg.sessionId);
      }
    }
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.exited) return Promise.reject(new Error(`chromium has exited (${method})`));
    const id = this.nextId++;
    const msg = JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      (this.proc.stdio[3] as Writable).write(`${msg}\0`);
    });
  }

  on(listener: (method: string, params: Record<string, unknown>, sessionId?: string) => void): void {
    this.listeners.push(listener);
  }

  /** A new tab at the given viewport size, with console, log and network recording on. */
  async newPage(width: number, height: number): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const page = new Page(this, sessionId);
    await page.init(width, height);
    return page;
  }

  async close(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
      await this.send('Browser.close').catch(() => undefined);
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.userDataDir, { recursive: true, force: true });
  }
}

function remoteObjectText(arg: Record<string, unknown>): string {
  if ('value' in arg) return typeof arg.value === 'string' ? arg.value : JSON.stringify(arg.value);
  return String(arg.description ?? arg.type);
}

export class Page {
  readonly events: PageEvents = { console: [], exceptions: [], log: [], requests: [] };
  private loadWaiters: Array<() => void> = [];

  constructor(
    private readonly browser: Chromium,
    readonly sessionId: string,
  ) {
    browser.on((method, params, sid) => {
      if (sid !== sessionId) return;
      if (method === 'Runtime.consoleAPICalled') {
        const args = (params.args as Array<Record<string, unknown>>) ?? [];
        this.events.console.push({ level: String(params.type), text: args.map(remoteObjectText).join(' ') });
      } else if (method === 'Runtime.exceptionThrown') {
        const d = params.exceptionDetails as { text?: string; exception?: { description?: string } };
        this.events.exceptions.push(`${d.text ?? ''} ${d.exception?.description ?? ''}`.trim());
      } else if (method === 'Log.entryAdded') {
        const e = params.entry as { level: string; source: string; text: string; url?: string };
        this.events.log.push({ level: e.level, source: e.source, text: e.text, ...(e.url ? { url: e.url } : {}) });
      } else if (method === 'Network.requestWillBeSent') {
        this.events.requests.push(String((params.request as { url: string }).url));
      } else if (method === 'Page.loadEventFired') {
        const waiters = this.loadWaiters;
        this.loadWaiters = [];
        for (const w of waiters) w();
      }
    });
  }

  private send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.browser.send(method, params, this.sessionId);
  }

  async init(width: number, height: number): Promise<void> {
    await Promise.all([this.send('Runtime.enable'), this.send('Log.enable'), this.send('Network.enable'), this.send('Page.enable')]);
    await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
  }

  /** Navigates and resolves on the load event. */
  async goto(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => this.loadWaiters.push(resolve));
    const res = (await this.send('Page.navigate', { url })) as { errorText?: string };
    if (res.errorText) throw new Error(`navigation to ${url} failed: ${res.errorText}`);
    await loaded;
  }

  /** Evaluates an expression in the page and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const res = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (res.exceptionDetails) throw new Error(`page evaluation failed: ${res.exceptionDetails.exception?.description ?? res.exceptionDetails.text}`);
    return res.result.value as T;
  }

  /** Polls `expression` until it is truthy; throws with `what` after `timeoutMs`. */
  async waitFor(expression: string, what: string, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await this.evaluate<boolean>(`Boolean(${expression})`))) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A real mouse move at viewport coordinates (CSS pixels). */
  async mouseMove(x: number, y: number): Promise<void> {
    await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
  }

  /** PNG of the whole page (beyond the viewport), or of a rectangle of it (CSS pixels). */
  async screenshot(clip?: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
    const params = clip ? { format: 'png', captureBeyondViewport: true, clip: { ...clip, scale: 1 } } : { format: 'png', captureBeyondViewport: true };
    const { data } = (await this.send('Page.captureScreenshot', params)) as { data: string };
    return Buffer.from(data, 'base64');
  }
}
