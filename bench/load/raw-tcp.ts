// This machine's ceiling for comparison: a trivial accept-and-hold server and minimal
// connect-and-hold clients (Node, and C with epoll when a compiler is present). They
// speak no protocol; they only open and hold loopback connections.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RawResult {
  client: 'node' | 'c';
  attempted: number;
  opened: number;
  failed: number;
  firstError: string;
  elapsedMs: number;
  rssBytes: number;
  cpuMs: number;
}

const HOLD_SERVER = `
const net = require('node:net');
const sockets = new Set();
const server = net.createServer({ pauseOnConnect: false }, (socket) => {
  sockets.add(socket);
  socket.on('error', () => {});
  socket.on('close', () => sockets.delete(socket));
  socket.resume();
});
server.on('error', (error) => { if (error.code !== 'EMFILE') throw error; });
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0)).resume();
`;

const NODE_CLIENT = `
const net = require('node:net');
const [port, total, inFlight, sources] = process.argv.slice(1).map(Number);
let started = 0, opened = 0, failed = 0, firstError = '';
const t0 = process.hrtime.bigint(); const cpu0 = process.cpuUsage();
const held = [];
function finish() {
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ client: 'node', attempted: started, opened, failed, firstError,
    elapsedMs: Number(process.hrtime.bigint() - t0) / 1e6, rssBytes: process.memoryUsage().rss,
    cpuMs: (cpu.user + cpu.system) / 1000 }) + '\\n');
}
function next() {
  if (started >= total) { if (opened + failed === total) finish(); return; }
  const i = started++;
  const localAddress = sources > 0 ? '127.0.0.' + (2 + (i % sources)) : undefined;
  const socket = net.connect({ port, host: '127.0.0.1', localAddress });
  socket.once('connect', () => { opened++; held.push(socket); next(); });
  socket.once('error', (error) => { failed++; firstError ||= error.code; socket.destroy(); next(); });
}
for (let i = 0; i < inFlight; i++) next();
process.stdin.on('end', () => process.exit(0)).resume();
`;

const C_CLIENT = String.raw`
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
static int ep, opened, failed, pending, started; static const char *first = "";
static void open_one(int port, int sources) {
  int i = started++;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) { failed++; if (!*first) first = strerror(errno); return; }
  struct sockaddr_in local = { .sin_family = AF_INET }, remote = { .sin_family = AF_INET, .sin_port = htons(port) };
  char source[32]; snprintf(source, sizeof source, "127.0.0.%d", sources > 0 ? 2 + i % sources : 1);
  inet_pton(AF_INET, source, &local.sin_addr); inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
  if ((sources > 0 && bind(fd, (struct sockaddr *)&local, sizeof local) < 0) ||
      (connect(fd, (struct sockaddr *)&remote, sizeof remote) < 0 && errno != EINPROGRESS)) {
    failed++; if (!*first) first = strerror(errno); close(fd); return;
  }
  struct epoll_event ev = { .events = EPOLLOUT, .data.fd = fd }; epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev); pending++;
}
int main(int argc, char **argv) {
  int port = atoi(argv[1]), total = atoi(argv[2]), in_flight = atoi(argv[3]), sources = atoi(argv[4]);
  ep = epoll_create1(0);
  double t0 = now_ms();
  struct epoll_event events[1024];
  while (opened + failed < total) {
    while (pending < in_flight && started < total) open_one(port, sources);
    if (pending == 0) break;
    int n = epoll_wait(ep, events, 1024, 10000);
    if (n <= 0) break;
    for (int i = 0; i < n; i++) {
      int err = 0; socklen_t len = sizeof err; getsockopt(events[i].data.fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err) { failed++; if (!*first) first = strerror(err); } else opened++;
      epoll_ctl(ep, EPOLL_CTL_DEL, events[i].data.fd, NULL); pending--;
    }
  }
  double elapsed = now_ms() - t0;
  struct rusage ru; getrusage(RUSAGE_SELF, &ru);
  long rss_kib = 0; FILE *f = fopen("/proc/self/statm", "r"); long pages = 0;
  if (f) { long size; if (fscanf(f, "%ld %ld", &size, &pages) == 2) rss_kib = pages * (sysconf(_SC_PAGESIZE) / 1024); fclose(f); }
  printf("{\"client\":\"c\",\"attempted\":%d,\"opened\":%d,\"failed\":%d,\"firstError\":\"%s\",\"elapsedMs\":%.1f,\"rssBytes\":%ld,\"cpuMs\":%.1f}\n",
    opened + failed, opened, failed, first, elapsed, rss_kib * 1024,
    (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
  fflush(stdout);
  char buf[1]; while (read(0, buf, 1) > 0) {}
  return 0;
}
`;

export interface HoldServer {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

function readLine(child: ChildProcess, what: string, boundMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => reject(new Error(`${what} printed nothing within ${boundMs / 1000} s`)),
      boundMs,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        resolve(text.slice(0, end));
      }
    });
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before answering`)));
  });
}

async function endChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export async function startHoldServer(): Promise<HoldServer> {
  const child = spawn(process.execPath, ['-e', HOLD_SERVER], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = Number(await readLine(child, 'the accept-and-hold server', 15_000));
  return { port, pid: child.pid!, stop: () => endChild(child) };
}

/**
 * Opens `total` connections (at most `inFlight` connecting at once), holds them, reports,
 * then closes. `sources` > 0 binds each to one of 127.0.0.2…; 0 lets the kernel pick at
 * connect time, as the generator does by default (bound sockets left in TIME_WAIT keep
 * their ports from every connect()-time pick for a minute).
 */
export async function rawNodeClient(
  port: number,
  total: number,
  inFlight: number,
  sources: number,
): Promise<RawResult> {
  const args = ['-e', NODE_CLIENT, String(port), String(total), String(inFlight), String(sources)];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    return JSON.parse(await readLine(child, 'the raw Node client', 120_000)) as RawResult;
  } finally {
    await endChild(child);
  }
}

/** The same with a C epoll client; undefined when there is no C compiler. */
export async function rawCClient(
  port: number,
  total: number,
  inFlight: number,
  sources: number,
): Promise<RawResult | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-bench-'));
  const source = join(dir, 'hold.c');
  const binary = join(dir, 'hold');
  writeFileSync(source, C_CLIENT);
  try {
    execFileSync('cc', ['-O2', '-o', binary, source], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const child = spawn(binary, [String(port), String(total), String(inFlight), String(sources)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    return JSON.parse(await readLine(child, 'the raw C client', 120_000)) as RawResult;
  } finally {
    await endChild(child);
  }
}
