/**
 * The port a service started with PORT=0 listens on, from the line main.ts logs once it is bound (undefined before
 * that). The tests that spawn the service let the kernel choose its port as it binds: a port chosen beforehand and
 * handed over was free only until someone else bound it, and a first start with the demo takes half a minute.
 */
export function listeningPort(output: string): number | undefined {
  const bound = /Rectify is listening on http:\/\/\S+?:(\d+)\//.exec(output);
  return bound ? Number(bound[1]) : undefined;
}
