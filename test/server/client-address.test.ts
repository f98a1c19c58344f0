import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxies } from '../../src/server/client-address.js';

describe('the client address behind reverse proxies', () => {
  const proxies = trustedProxies(['10.0.0.0/8', '127.0.0.1', '::1']);
  it('believes X-Forwarded-For only from a trusted proxy, and only its right-most untrusted hop', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.7', proxies)).toBe('203.0.113.7');
    expect(clientAddress('::ffff:127.0.0.1', '203.0.113.7', proxies)).toBe('203.0.113.7');
    // a client writing its own X-Forwarded-For: the proxy appends the address it saw, which is the one believed
    expect(clientAddress('127.0.0.1', '1.2.3.4, 203.0.113.7', proxies)).toBe('203.0.113.7');
    // a chain of trusted proxies is walked through
    expect(clientAddress('10.1.1.1', '198.51.100.9, 10.2.2.2', proxies)).toBe('198.51.100.9');
    // not from a proxy: the header is the client's own and ignored
    expect(clientAddress('192.0.2.5', '203.0.113.7', proxies)).toBe('192.0.2.5');
    expect(clientAddress('127.0.0.1', undefined, proxies)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', 'garbage', proxies)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '203.0.113.7', undefined)).toBe('127.0.0.1');
    expect(clientAddress('::1', '[2001:db8::5]', proxies)).toBe('2001:db8::5');
  });
  it('refuses an entry that is no address or subnet', () => {
    expect(() => trustedProxies(['10.0.0.0/x'])).toThrow(/"10.0.0.0\/x" is not an IP address/);
    expect(() => trustedProxies(['proxy.local'])).toThrow(/proxy.local/);
  });
});

describe('addresses at the edges', () => {
  const list = () => trustedProxies([' 10.0.0.0/8 ', '192.168.100.200']);
  it('reads IPv4-mapped peers with multi-digit octets, and only whole ones', () => {
    expect(clientAddress('::ffff:192.168.100.200', '203.0.113.7', list())).toBe('203.0.113.7');
    expect(clientAddress('::ffff:10.20.30.40', '203.0.113.7', list())).toBe('203.0.113.7');
    expect(clientAddress('x::ffff:10.20.30.40', '203.0.113.7', list())).toBe('x::ffff:10.20.30.40');
    expect(clientAddress('192.168.100.2000', '203.0.113.7', list())).toBe('192.168.100.2000');
  });
  it('walks hops with spaces and brackets; a hop that is only half bracketed is malformed', () => {
    expect(clientAddress('10.0.0.1', ' 198.51.100.1 ,10.0.0.2 ', list())).toBe('198.51.100.1');
    expect(clientAddress('10.0.0.1', '[2001:db8::1]', list())).toBe('2001:db8::1');
    expect(clientAddress('10.0.0.1', '[2001:db8::1', list())).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', '2001:db8::1]', list())).toBe('10.0.0.1');
    // every hop a trusted proxy: the left-most is the best there is
    expect(clientAddress('10.0.0.1', '10.0.0.3, 10.0.0.2', list())).toBe('10.0.0.3');
  });
  it('accepts addresses and whole-number prefixes only', () => {
    expect(() => trustedProxies(['10.0.0.0/8x'])).toThrow(/10.0.0.0\/8x/);
    expect(() => trustedProxies(['10.0.0.0/x8'])).toThrow(/x8/);
    expect(() => trustedProxies(['10.0.0.0/'])).toThrow(/is not an IP address/);
    expect(() => trustedProxies(['2001:db8::/32', '::1'])).not.toThrow();
    expect(clientAddress('2001:db8::9', '203.0.113.7', trustedProxies(['2001:db8::/32']))).toBe('203.0.113.7');
  });
});
