import { BlockList, isIP } from 'node:net';

/**
 * The proxies whose `X-Forwarded-For` is believed (`winrate serve --trust-proxy`): addresses and CIDR subnets, IPv4 or
 * IPv6. Throws on an entry that is neither, naming it.
 */
export function trustedProxies(entries: string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const e = raw.trim();
    const [addr, bits] = e.split('/');
    const family = isIP(addr);
    if (family === 0 || (bits !== undefined && !/^\d+$/.test(bits)))
      throw new Error(`--trust-proxy: "${raw}" is not an IP address or a CIDR subnet (e.g. 10.0.0.0/8)`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return list;
}

/** Whether an address (IPv4, IPv6, or IPv4-mapped IPv6 as Node reports sockets) is in the list. */
function trusted(list: BlockList, address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const a = mapped ? mapped[1] : address;
  const family = isIP(a);
  return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The address a request comes from, for rate limits. Without trusted proxies, or from a peer that is not one, it is
 * the socket's peer (a client cannot choose it). From a trusted proxy, it is the right-most address of
 * `X-Forwarded-For` that is not itself a trusted proxy — the one the nearest trusted proxy saw; the addresses left of
 * it were written by the client and are not believed. A malformed entry stops the walk there.
 */
export function clientAddress(peer: string, forwardedFor: string | undefined, proxies: BlockList | undefined): string {
  if (!proxies || !forwardedFor || !trusted(proxies, peer)) return peer;
  const hops = forwardedFor
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i].replace(/^\[(.*)\]$/, '$1');
    if (isIP(hop) === 0) return peer;
    if (!trusted(proxies, hop)) return hop;
  }
  return hops.length ? hops[0] : peer;
}
