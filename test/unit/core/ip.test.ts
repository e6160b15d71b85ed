import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ipMatches, ipToHex, parseIpOrCidr } from '../../../src/core/ip.js';

const range = (text: string): { lo: string; hi: string; canonical: string } => {
  const parsed = parseIpOrCidr(text);
  assert.ok(parsed.ok, `${text} should parse`);
  return parsed;
};

describe('ipToHex', () => {
  it('maps IPv4 into ::ffff:0:0/96 as 32 hex digits', () => {
    assert.equal(ipToHex('10.0.0.1'), '00000000000000000000ffff0a000001');
    assert.equal(ipToHex('255.255.255.255'), '00000000000000000000ffffffffffff');
    assert.equal(ipToHex('::ffff:10.0.0.1'), ipToHex('10.0.0.1'));
  });

  it('expands IPv6, with :: anywhere and any case', () => {
    assert.equal(ipToHex('2001:DB8::1'), '20010db8000000000000000000000001');
    assert.equal(ipToHex('::1'), '00000000000000000000000000000001');
    assert.equal(ipToHex('::'), '0'.repeat(32));
    assert.equal(ipToHex('fe80::'), 'fe80' + '0'.repeat(28));
    assert.equal(ipToHex('1:2:3:4:5:6:7:8'), '00010002000300040005000600070008');
    assert.equal(ipToHex('64:ff9b::192.0.2.33'), '0064ff9b0000000000000000c0000221');
  });

  it('reads leading-zero IPv4 octets as decimal, as CloudTrail samples write them', () => {
    assert.equal(ipToHex('255.090.254.5'), ipToHex('255.90.254.5'));
  });

  it('has no hex for things that are not addresses', () => {
    for (const text of [
      'AWS Internal',
      'ec2.amazonaws.com',
      '',
      '1.2.3',
      '1.2.3.4.5',
      '256.0.0.1',
      '10.0.0.0/8',
      ' 10.0.0.1',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '::1:2:3:4:5:6:7:8',
      '12345::',
      'fe80::1%eth0',
      '::ffff:300.1.1.1',
      '...',
    ]) {
      assert.equal(ipToHex(text), undefined, JSON.stringify(text));
    }
  });
});

describe('parseIpOrCidr', () => {
  it('gives a single address as a one-address range with a canonical form', () => {
    assert.deepEqual(parseIpOrCidr(' 203.0.113.7 '), {
      ok: true,
      lo: '00000000000000000000ffffcb007107',
      hi: '00000000000000000000ffffcb007107',
      canonical: '203.0.113.7',
    });
    assert.equal(range('2001:0DB8:0000:0000:0000:0000:0000:0001').canonical, '2001:db8::1');
    assert.equal(range('2001:db8:0:0:1:0:0:1').canonical, '2001:db8::1:0:0:1');
    assert.equal(range('::ffff:1.2.3.4').canonical, '::ffff:1.2.3.4');
  });

  it('gives IPv4 CIDR edges and clears host bits', () => {
    const block = range('10.1.2.3/16');
    assert.equal(block.canonical, '10.1.0.0/16');
    assert.equal(block.lo, ipToHex('10.1.0.0'));
    assert.equal(block.hi, ipToHex('10.1.255.255'));
    assert.equal(range('10.0.0.5/32').lo, ipToHex('10.0.0.5'));
    assert.equal(range('10.0.0.5/32').hi, ipToHex('10.0.0.5'));
    const everything = range('0.0.0.0/0');
    assert.equal(everything.lo, ipToHex('0.0.0.0'));
    assert.equal(everything.hi, ipToHex('255.255.255.255'));
  });

  it('gives IPv6 CIDR edges', () => {
    const block = range('2001:db8::/32');
    assert.equal(block.lo, '20010db8' + '0'.repeat(24));
    assert.equal(block.hi, '20010db8' + 'f'.repeat(24));
    assert.equal(range('::/0').hi, 'f'.repeat(32));
    assert.equal(range('2001:db8::1/128').canonical, '2001:db8::1/128');
  });

  it('explains what is wrong', () => {
    const cases: Array<[string, RegExp]> = [
      ['10.0.0.0/33', /IPv4 prefix length \(0 to 32\)/],
      ['2001:db8::/129', /IPv6 prefix length \(0 to 128\)/],
      ['10.0.0.0/', /prefix length/],
      ['10.0.0.0/-1', /prefix length/],
      ['10.0.0.0/8/8', /prefix length/],
      ['bastion.example.com', /not an IPv4 or IPv6 address/],
      ['', /not an IPv4 or IPv6 address/],
    ];
    for (const [text, message] of cases) {
      const parsed = parseIpOrCidr(text);
      assert.equal(parsed.ok, false, text);
      if (!parsed.ok) assert.match(parsed.message, message, text);
    }
  });
});

describe('ipMatches', () => {
  it('tests equality and CIDR membership at the block edges', () => {
    assert.ok(ipMatches('203.0.113.10', '203.0.113.10'));
    assert.ok(!ipMatches('203.0.113.11', '203.0.113.10'));
    assert.ok(ipMatches('192.168.0.0', '192.168.0.0/23'));
    assert.ok(ipMatches('192.168.1.255', '192.168.0.0/23'));
    assert.ok(!ipMatches('192.168.2.0', '192.168.0.0/23'));
    assert.ok(!ipMatches('192.167.255.255', '192.168.0.0/23'));
  });

  it('compares IPv6 numerically, not textually', () => {
    assert.ok(ipMatches('2001:DB8:0::0001', '2001:db8::1'));
    assert.ok(ipMatches('2001:db8:ffff::1', '2001:db8::/32'));
    assert.ok(!ipMatches('2001:db9::1', '2001:db8::/32'));
  });

  it('keeps IPv4 blocks and IPv6 addresses apart, except IPv4-mapped ones', () => {
    assert.ok(!ipMatches('2001:db8::1', '0.0.0.0/0'));
    assert.ok(ipMatches('::ffff:10.9.8.7', '10.0.0.0/8'));
    assert.ok(ipMatches('10.9.8.7', '::ffff:0:0/96'));
  });

  it('never matches service names, missing addresses or bad specs', () => {
    assert.ok(!ipMatches('ec2.amazonaws.com', '0.0.0.0/0'));
    assert.ok(!ipMatches('AWS Internal', '::/0'));
    assert.ok(!ipMatches(undefined, '0.0.0.0/0'));
    assert.ok(!ipMatches('10.0.0.1', 'not-an-ip'));
  });

  it('orders hex strings the same way as the addresses', () => {
    const ordered = ['0.0.0.0', '9.255.255.255', '10.0.0.0', '100.0.0.0', '255.255.255.255'];
    const hexes = ordered.map((ip) => ipToHex(ip) ?? '');
    assert.deepEqual([...hexes].sort(), hexes);
  });
});

describe('ip properties', () => {
  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  const toNumber = (o: number[]): number => o.reduce((n, octet) => n * 256 + octet, 0);

  it('an IPv4 address is in a block exactly when their first prefix bits agree', () => {
    fc.assert(
      fc.property(ipv4, ipv4, fc.integer({ min: 0, max: 32 }), (address, network, prefix) => {
        const size = 2 ** (32 - prefix);
        const sameBlock =
          Math.floor(toNumber(address) / size) === Math.floor(toNumber(network) / size);
        return ipMatches(address.join('.'), `${network.join('.')}/${prefix}`) === sameBlock;
      }),
    );
  });

  it('the canonical IPv6 text names the same address', () => {
    const groups = fc.array(fc.oneof(fc.constant(0), fc.nat(0xffff)), {
      minLength: 8,
      maxLength: 8,
    });
    fc.assert(
      fc.property(groups, (parts) => {
        const text = parts.map((part) => part.toString(16)).join(':');
        const parsed = parseIpOrCidr(text);
        return parsed.ok && ipToHex(parsed.canonical) === parsed.lo && parsed.lo === ipToHex(text);
      }),
    );
  });
});
