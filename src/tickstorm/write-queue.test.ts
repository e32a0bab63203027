import { describe, expect, it } from 'vitest';
import { type WritableSocket, WriteQueue } from './write-queue.js';

/** A socket whose kernel takes `accept` more bytes each time the test says so. */
function fakeSocket() {
  const socket = {
    kernelRoom: Infinity,
    writableLength: 0,
    write(data: Uint8Array) {
      const taken = Math.min(data.length, this.kernelRoom);
      if (this.writableLength === 0 && taken === data.length) {
        this.kernelRoom -= taken;
        return true;
      }
      this.writableLength += data.length;
      return false;
    },
    drain(bytes: number) {
      this.writableLength = Math.max(0, this.writableLength - bytes);
    },
  };
  return socket satisfies WritableSocket;
}

const frame = new Uint8Array(10);

describe('WriteQueue', () => {
  it('counts nothing while the kernel takes every frame', () => {
    const socket = fakeSocket();
    const latencies: number[] = [];
    const queue = new WriteQueue(socket, 2, (ms) => latencies.push(ms));
    for (let i = 0; i < 100; i++) expect(queue.push(frame, i)).toBe(true);
    expect(queue.length).toBe(0);
    expect(latencies).toHaveLength(100);
    expect(queue.overdue(1e9, 1)).toBe(false);
  });

  it('refuses a frame once maxFrames wait in Node’s buffer', () => {
    const socket = fakeSocket();
    socket.kernelRoom = 0;
    const queue = new WriteQueue(socket, 3, () => {});
    expect([1, 2, 3].map((t) => queue.push(frame, t))).toEqual([true, true, true]);
    expect(queue.push(frame, 4)).toBe(false);
    socket.drain(10); // the kernel took the first frame
    expect(queue.push(frame, 5)).toBe(true);
    expect(queue.length).toBe(3);
  });

  it('is overdue when the head frame waits past the deadline, per write as in Go', () => {
    const socket = fakeSocket();
    socket.kernelRoom = 0;
    const latencies: number[] = [];
    const queue = new WriteQueue(socket, 10, (ms) => latencies.push(ms));
    queue.push(frame, 0);
    queue.push(frame, 100);
    expect(queue.overdue(400, 500)).toBe(false);
    socket.drain(10);
    // The second frame became the head at 400, when the first was seen taken.
    expect(queue.overdue(400, 500)).toBe(false);
    expect(latencies).toEqual([400]);
    expect(queue.overdue(899, 500)).toBe(false);
    expect(queue.overdue(901, 500)).toBe(true);
    socket.drain(10);
    expect(queue.overdue(2000, 500)).toBe(false);
  });
});
