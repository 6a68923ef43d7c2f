import { createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * PORT=0: a port the kernel picks, bound from the start of the service and held until the app takes it over, so
 * that what is written before the service listens (the demo's notices and their links at a first start) already names
 * the real port, and nobody else can take it while the database starts and the demo loads. Connections that reach it
 * early are closed at once, as a refused one would be.
 */
export async function holdFreePort(host: string): Promise<{ port: number; release(): Promise<void> }> {
  const holder = createServer((socket: Socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.listen(0, host, () => resolve());
  });
  return {
    port: (holder.address() as AddressInfo).port,
    // The listening socket is closed at once (the promise waits only for early connections); the app binds next.
    release: () => new Promise<void>((resolve) => holder.close(() => resolve())),
  };
}
