import { originFrom } from './request-origin';

describe('originFrom: the address a request reached, for links printed for its user', () => {
  it('takes a plain host[:port] with http or https', () => {
    expect(originFrom('http', '10.0.0.5:3000')).toBe('http://10.0.0.5:3000');
    expect(originFrom('https', 'Rectify.Plant.example')).toBe('https://rectify.plant.example');
    expect(originFrom('HTTPS', 'rectify-01.plant_b.example:8443')).toBe(
      'https://rectify-01.plant_b.example:8443',
    );
    expect(originFrom('http', 'localhost:03000')).toBe('http://localhost:3000');
  });

  it('takes an IPv6 address in brackets, with or without a port', () => {
    expect(originFrom('http', '[fd00::5]:3000')).toBe('http://[fd00::5]:3000');
    expect(originFrom('http', '[::1]')).toBe('http://[::1]');
    expect(originFrom('http', '[::ffff:10.0.0.5]:80')).toBe('http://[::ffff:10.0.0.5]:80');
  });

  it.each([
    ['an empty Host', 'http', ''],
    ['no Host', 'http', undefined],
    ['a path', 'http', '10.0.0.5:3000/evil'],
    ['user info', 'http', 'user@10.0.0.5'],
    ['a space', 'http', 'evil.example 10.0.0.5'],
    ['markup', 'http', '<script>'],
    ['a percent-escape', 'http', 'evil%2eexample'],
    ['an empty port', 'http', '10.0.0.5:'],
    ['port 0', 'http', '10.0.0.5:0'],
    ['a port above 65535', 'http', '10.0.0.5:65536'],
    ['two ports', 'http', '10.0.0.5:3000:3000'],
    ['IPv6 without brackets', 'http', 'fd00::5'],
    ['a bracketed name', 'http', '[evil.example]'],
    ['an IPv6 zone', 'http', '[fe80::1%25eth0]:3000'],
    ['a label ending in a hyphen', 'http', 'evil-.example'],
    ['an empty label', 'http', 'evil..example'],
    ['a trailing dot', 'http', 'rectify.example.'],
    ['another scheme', 'javascript', '10.0.0.5'],
    ['no scheme', undefined, '10.0.0.5'],
  ])('refuses %s', (_what, protocol, host) => {
    expect(originFrom(protocol, host)).toBeUndefined();
  });
});
