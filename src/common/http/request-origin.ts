import { isIPv6 } from 'node:net';

/** A host name or IPv4 address: dot-separated labels of letters, digits, `-` and `_` (not at a label's ends). */
const NAME = /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?)*$/;
/** host[:port], the host an [IPv6] literal or a name. */
const HOST_AND_PORT = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/;

/**
 * `scheme://host[:port]` of the address a request was sent to, from its protocol and Host (or a trusted proxy's
 * X-Forwarded-Proto/Host), or undefined when either is not a plain one: a scheme other than http(s), a Host with a
 * path, user info, an empty or out-of-range port, characters no host name has, an IPv6 address without brackets or
 * with a zone. Links made from it are printed and scanned, so an odd Host must not get into them.
 */
export function originFrom(protocol: string | undefined, host: string | undefined): string | undefined {
  const scheme = protocol?.trim().toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return undefined;
  const m = HOST_AND_PORT.exec(host?.trim().toLowerCase() ?? '');
  if (!m) return undefined;
  const [, name, port] = m;
  const ipv6 = name.startsWith('[') ? name.slice(1, -1) : undefined;
  const hostOk =
    ipv6 !== undefined
      ? /^[0-9a-f:.]+$/.test(ipv6) && isIPv6(ipv6) // no zone (fe80::1%eth0)
      : name.length <= 253 && NAME.test(name);
  if (!hostOk) return undefined;
  if (port === undefined) return `${scheme}://${name}`;
  const n = Number(port);
  return n >= 1 && n <= 65535 ? `${scheme}://${name}:${n}` : undefined;
}
