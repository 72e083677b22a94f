/**
 * moto_server as a local AWS endpoint for end-to-end tests: started on a free loopback port, stopped by its
 * own process ID (never by name). `moto()` answers undefined, loudly, when moto_server is not installed,
 * and throws under CI=true, where a missing tool must fail the run rather than skip it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { onPath, toolMissing } from './tools';

export interface Moto {
  readonly endpoint: string;
  readonly stop: () => Promise<void>;
}

/**
 * Whether a `moto_server` executable is on PATH, without starting Python for `--help` (half a second of CPU
 * per test file). One that is found but does not run makes `startMoto` fail with its stderr, never skip.
 */
export function motoInstalled(): boolean {
  return onPath('moto_server');
}

export function reportMissingMoto(what: string): void {
  toolMissing(`moto_server is NOT installed: ${what} was NOT run. Install it (pip install 'moto[server]').`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** Starts moto_server and waits (up to `timeoutMs`) until it answers. */
export async function startMoto(timeoutMs = 60_000): Promise<Moto> {
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${log}`);
    try {
      const answer = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
      if (answer.ok) return { endpoint, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
