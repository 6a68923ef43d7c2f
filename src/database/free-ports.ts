import { promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:net';

/** A TCP port nobody is listening on right now (for throwaway test clusters). */
export async function findFreePort(): Promise<number> {
  const [port] = await findFreePorts(1);
  return port;
}

/**
 * `count` distinct free TCP ports, for services the caller starts later (throwaway clusters, spawned services).
 * They are drawn at random from outside the kernel's ephemeral range: a port from that range (what `listen(0)`
 * hands out) is free only until the next `listen(0)` anywhere on the machine takes it, and a spawned service may
 * bind its port many seconds later — with two test suites running at once a service-process test once found its
 * port answered by the other suite's app. All chosen ports are held until the last is chosen, so one call never
 * hands out a port twice.
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const [low, high] = await ephemeralPortRange();
  // Below the ephemeral range if there is room there (Linux: 32768–60999), else above it.
  const [from, to] = low - 10_000 >= 1024 ? [10_000, low - 1] : [high + 1, 65_535];
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let attempts = 0; ports.length < count; attempts++) {
      if (attempts >= 200) throw new Error(`no free TCP port found between ${from} and ${to}`);
      const port = from + Math.floor(Math.random() * (to - from + 1));
      if (ports.includes(port)) continue;
      const server = createServer();
      server.unref();
      const bound = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        // Every IPv4 address: the services listen on 0.0.0.0 (HOST's default), PostgreSQL on 127.0.0.1.
        server.listen(port, '0.0.0.0', () => resolve(true));
      });
      if (!bound) continue;
      servers.push(server);
      ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))));
  }
}

/** The kernel's range for ports handed out by `listen(0)` and outgoing connections (Linux's default elsewhere). */
async function ephemeralPortRange(): Promise<[number, number]> {
  try {
    const [low, high] = (await fs.readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'))
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low > 0 && high >= low) return [low, high];
  } catch {
    /* not Linux */
  }
  return [32_768, 60_999];
}
