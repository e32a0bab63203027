import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ContainerWatch, describeEnd } from './container-watch.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ContainerWatch', () => {
  it('keeps the last lines of the log, across chunk boundaries', () => {
    const watch = new ContainerWatch('target', async () => 0, 3);
    const stream = new PassThrough();
    watch.consume(stream);
    stream.write('one\ntw');
    stream.write('o\nthree\n\nfour\nfi');
    expect(watch.tail(10)).toBe('two\nthree\nfour');
    expect(watch.tail(1)).toBe('four');
    expect(watch.ended).toBeNull();
  });

  it('says the container stopped when its log stream ends, then with its exit code', async () => {
    let answer: (code: number) => void = () => {};
    const watch = new ContainerWatch('prometheus', () => new Promise((r) => (answer = r)));
    const stream = new PassThrough();
    watch.consume(stream);
    stream.end();
    await settle();
    expect(watch.ended).toEqual({ code: null });
    answer(137);
    await settle();
    expect(watch.ended).toEqual({ code: 137 });
    expect(describeEnd(watch.part, watch.ended!)).toBe(
      'the prometheus container stopped with exit code 137',
    );
  });

  it('says nothing when the framework itself stopped the container', async () => {
    const watch = new ContainerWatch('toxiproxy', async () => 0);
    const stream = new PassThrough();
    watch.consume(stream);
    watch.expectEnd();
    stream.end();
    await settle();
    expect(watch.ended).toBeNull();
  });

  it('still says it stopped when the engine cannot tell the exit code', async () => {
    const watch = new ContainerWatch('target', async () => {
      throw new Error('no such container');
    });
    const stream = new PassThrough();
    watch.consume(stream);
    stream.end();
    await settle();
    expect(watch.ended).toEqual({ code: null });
    expect(describeEnd('target', watch.ended!)).toBe('the target container stopped');
  });

  it('says when the engine reports the OOM killer ended it', async () => {
    const watch = new ContainerWatch('target', async () => ({ code: 137, oomKilled: true }));
    const stream = new PassThrough();
    watch.consume(stream);
    stream.end();
    await settle();
    expect(describeEnd('target', watch.ended!)).toBe(
      'the target container stopped with exit code 137 (OOM-killed: the container reached its memory limit)',
    );
  });
});
