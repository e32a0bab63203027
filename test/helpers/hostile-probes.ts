// What a hostile neighbour sends, as raw bytes for one TCP connection: random bytes,
// malformed HTTP, bad percent-encodings, wrong methods and Host headers, hostile JSON
// (null, arrays, deep nesting, huge strings, objects where strings belong, __proto__ keys),
// bodies past any sane size, bogus WebSocket upgrades and, after a real handshake, frames
// that break the protocol, trickled half requests and abrupt resets. Each is chosen by a
// seeded generator, so a run that found something can be replayed.

import { createHash } from 'node:crypto';

export const PROBE_KINDS = [
  'raw-bytes',
  'malformed-http',
  'bad-path',
  'bad-method',
  'bad-host',
  'hostile-json',
  'oversized',
  'websocket',
  'slow',
  'reset',
] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

export interface Probe {
  kind: ProbeKind;
  /** Written in order, `gapMs` apart (a trickle when set). */
  chunks: Buffer[];
  gapMs?: number;
  /** After the chunks: read the answer, reset the connection, or (after a 101) send frames. */
  then: 'read' | 'reset' | { frames: Buffer[] };
}

/** A seeded generator (mulberry32): the same seed, the same requests. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  return { next, int, pick, bytes };
}
export type Random = ReturnType<typeof seeded>;

/** How often each kind is chosen, relative: the huge bodies least, to spare the machine. */
const WEIGHTS: Record<ProbeKind, number> = {
  'raw-bytes': 2,
  'malformed-http': 2,
  'bad-path': 2,
  'bad-method': 1,
  'bad-host': 1,
  'hostile-json': 3,
  oversized: 0.3,
  websocket: 2,
  slow: 0.4,
  reset: 1,
};

const PATHS = ['/', '/index.html', '/live', '/receivers/tickstorm-oncall', '/notifications'];
const BAD_PATHS = [
  '/receivers/%E0%A4%A',
  '/receivers/%',
  '/receivers/%ZZ',
  '/receivers/%C0%AF',
  '/receivers/',
  '/receivers/a/b',
  '//',
  '/../../etc/passwd',
  '/%00',
  '/notifications?from=-1',
  '/notifications?from=99999999999999999999999',
  '/notifications?from=abc',
  '/notificationsX',
  `/${'a'.repeat(8000)}`,
  '*',
  'http://example.invalid/',
  '/receivers/%F0%9F%92%A9',
  '/live?x=%',
];

/**
 * One probe against `host` (the URL's host:port, sent where a well-formed request would);
 * the paths of well-formed request lines start with `base` (the URL's own path, or '').
 */
export function probeFor(
  kind: ProbeKind,
  host: string,
  random: Random,
  base = '',
  /** Sent with every well-formed request: credentials that let its body reach the checks. */
  always: readonly string[] = [],
): Probe {
  const read = (text: string | Buffer): Probe => ({
    kind,
    chunks: [typeof text === 'string' ? Buffer.from(text, 'latin1') : text],
    then: 'read',
  });
  const request = (method: string, path: string, headers: string[] = [], body = '') =>
    `${method} ${path.startsWith('/') ? base : ''}${path} HTTP/1.1\r\nHost: ${host}\r\n${[...always, ...headers].map((h) => `${h}\r\n`).join('')}${body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : ''}Connection: close\r\n\r\n${body}`;
  switch (kind) {
    case 'raw-bytes':
      return read(random.bytes(1 + random.int(4096)));
    case 'malformed-http':
      return read(
        random.pick([
          'GET\r\n\r\n',
          'GET / HTTP/9.9\r\n\r\n',
          `GET / HTTP/1.1\r\nHost: ${host}\r\nBad Header Name: x\r\n\r\n`,
          `GET / HTTP/1.1\r\nHost: ${host}\r\nX: \u0000\u0001\r\n\r\n`,
          `POST /receivers/x HTTP/1.1\r\nHost: ${host}\r\nContent-Length: -1\r\n\r\n`,
          `POST /receivers/x HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello`,
          `POST /receivers/x HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n`,
          `POST /receivers/x HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot hex\r\n`,
          `GET / HTTP/1.1\r\nHost: ${host}\r\n${'X-Long: '.concat('a'.repeat(20_000))}\r\n\r\n`,
          `GET / HTTP/1.1\r\nHost: ${host}\r\n${Array.from({ length: 3000 }, (_, i) => `X-${i}: y`).join('\r\n')}\r\n\r\n`,
          'GET /\n\n',
          `GET / HTTP/1.1\nHost: ${host}\n\n`,
          '\r\n\r\n\r\n',
          `GET /\u00ff HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
        ]),
      );
    case 'bad-path':
      return read(request(random.pick(['GET', 'POST']), random.pick(BAD_PATHS), [], '{}'));
    case 'bad-method':
      return read(
        request(
          random.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT', 'FOO', 'POST']),
          random.pick(PATHS),
        ),
      );
    case 'bad-host':
      return read(
        random.pick([
          `GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n`,
          `GET / HTTP/1.1\r\n\r\n`,
          `GET / HTTP/1.1\r\nHost: ${host}\r\nHost: evil.example\r\n\r\n`,
          `GET / HTTP/1.1\r\nHost: ${'h'.repeat(5000)}\r\n\r\n`,
          `GET / HTTP/1.0\r\n\r\n`,
        ]),
      );
    case 'hostile-json':
      return read(
        request(
          'POST',
          random.pick([
            '/receivers/tickstorm-oncall',
            `/receivers/${encodeURIComponent(String.fromCharCode(...random.bytes(8)))}`,
            '/',
          ]),
          ['Content-Type: application/json'],
          hostileJson(random),
        ),
      );
    case 'oversized':
      return random.int(2) === 0
        ? read(request('POST', '/receivers/x', [], `"${'x'.repeat(2 * 1024 * 1024)}"`))
        : {
            kind,
            // Chunked, so no Content-Length gives it away: the size shows only as it arrives.
            chunks: [
              Buffer.from(
                `POST ${base}/receivers/x HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\n`,
              ),
              ...Array.from({ length: 24 }, () =>
                Buffer.from(`10000\r\n${'y'.repeat(0x10000)}\r\n`),
              ),
            ],
            then: 'read',
          };
    case 'websocket':
      return websocketProbe(host, random);
    case 'slow':
      return {
        kind,
        chunks: [...`GET / HTTP/1.1\r\nHost: ${host}\r\nX-Slow: ${'z'.repeat(12)}`].map((c) =>
          Buffer.from(c),
        ),
        gapMs: 200,
        then: 'read',
      };
    case 'reset':
      return {
        kind,
        chunks: [
          Buffer.from(
            random.pick([
              `POST /receivers/x HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 1000\r\n\r\n{"alerts":[`,
              `GET / HTTP/1.1\r\nHost: ${host}\r\n`,
              `GET /live HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`,
              '',
            ]),
          ),
        ],
        then: 'reset',
      };
  }
}

/** A kind chosen by weight. */
export function pickKind(random: Random): ProbeKind {
  const total = PROBE_KINDS.reduce((sum, kind) => sum + WEIGHTS[kind], 0);
  let at = random.next() * total;
  for (const kind of PROBE_KINDS) {
    at -= WEIGHTS[kind];
    if (at < 0) return kind;
  }
  return 'raw-bytes';
}

function hostileJson(random: Random): string {
  const alert = (labels: unknown) =>
    JSON.stringify({
      version: '4',
      status: 'firing',
      receiver: 'tickstorm-oncall',
      groupKey: 'x',
      groupLabels: {},
      alerts: [{ status: 'firing', labels, annotations: {}, startsAt: 'x', endsAt: 'y' }],
    });
  const depth = 1000 + random.int(200_000);
  const objects = Math.floor(depth / 10);
  return random.pick([
    () => 'null',
    () => '[]',
    () => '"a string"',
    () => '12345678901234567890e999',
    () => '{"alerts":[null]}',
    () => '{"alerts":null}',
    () => '{"alerts":{"length":1e9}}',
    () => '{"alerts":[{"labels":{"severity":{"nested":"object"}}}]}',
    () => alert({ severity: { toString: 'boom' } }),
    () => alert({ alertname: ['a'] }),
    () => alert(null),
    () => '{"__proto__":{"polluted":"yes"},"alerts":[{"__proto__":{"labels":1}}]}',
    () => alert(JSON.parse('{"__proto__":"x","alertname":"A"}')),
    () => '{"constructor":{"prototype":{"polluted":"yes"}},"alerts":[]}',
    () => '['.repeat(depth) + ']'.repeat(depth),
    () => '{"a":'.repeat(objects) + '1' + '}'.repeat(objects),
    () => `{"receiver":"${'r'.repeat(500_000 + random.int(400_000))}","alerts":[]}`,
    () => '{"alerts":[',
    () => '\uFEFF{"alerts":[]}',
    () => String.fromCharCode(...random.bytes(200)),
  ])();
}

function websocketProbe(host: string, random: Random): Probe {
  const key = random.bytes(16).toString('base64');
  const upgrade = (headers: string[], path = '/live') => ({
    kind: 'websocket' as const,
    chunks: [
      Buffer.from(
        `GET ${path} HTTP/1.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`,
        'latin1',
      ),
    ],
  });
  const good = [`Host: ${host}`, 'Upgrade: websocket', 'Connection: Upgrade'];
  if (random.int(3) === 0)
    return {
      ...upgrade(
        random.pick([
          [...good, 'Sec-WebSocket-Version: 13'],
          [...good, `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 8'],
          [...good, 'Sec-WebSocket-Key: not-base64!', 'Sec-WebSocket-Version: 13'],
          [`Host: ${host}`, 'Upgrade: h2c', 'Connection: Upgrade'],
          [`Host: ${host}`, 'Connection: Upgrade'],
          ['Host: evil.example', 'Upgrade: websocket', 'Connection: Upgrade'],
          [
            ...good,
            `Sec-WebSocket-Key: ${key}`,
            'Sec-WebSocket-Version: 13',
            'Origin: http://evil.example',
          ],
        ]),
        random.pick(['/live', '/', '/nope', '/receivers/x']),
      ),
      then: 'read',
    };
  // A real handshake (the server sees a watcher), then frames that break the protocol.
  const frames = random.pick([
    () => [random.bytes(1 + random.int(64))],
    () => [frame(0x1, Buffer.from('unmasked'), false)],
    () => [frame(0x1, Buffer.alloc(2000, 0x61))],
    () => [frame(0x1, Buffer.from([0xc3, 0x28, 0xff]))],
    () => [frame(0x0, Buffer.from('no start'))],
    () => [frame(0x8, Buffer.from([0x03, 0xe7]))],
    () => [frame(0xb, Buffer.from('reserved opcode'))],
    () => Array.from({ length: 50 }, () => frame(0x9, Buffer.from('ping'))),
    () => [frame(0x1, Buffer.from('{"hello":"server"}'))],
  ])();
  return {
    ...upgrade([...good, `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13']),
    then: { frames },
  };
}

/** One WebSocket frame, masked as a client must (unless told not to). */
function frame(opcode: number, payload: Buffer, mask = true): Buffer {
  const length = payload.length;
  const size =
    length < 126 ? Buffer.from([length]) : Buffer.from([126, (length >> 8) & 0xff, length & 0xff]);
  size[0]! |= mask ? 0x80 : 0;
  const key = mask ? createHash('md5').update(payload).digest().subarray(0, 4) : Buffer.alloc(0);
  const body = Buffer.from(payload.map((byte, i) => (mask ? byte ^ key[i % 4]! : byte)));
  return Buffer.concat([Buffer.from([0x80 | opcode]), size, key, body]);
}
