// A memory size in Go's syntax ("512MiB", "4GiB"), as the memory kinds take it.

import { z } from 'zod';

export const memorySize = z
  .string()
  .refine(
    (value) => /^\d+(\.\d+)?(B|KiB|MiB|GiB|TiB)$/.test(value),
    (value) => ({
      message: `expected a size like "512MiB" or "4GiB", got ${JSON.stringify(value)}`,
    }),
  )
  .refine(
    (text) => !/^0+(\.0+)?[A-Za-z]+$/.test(text),
    (text) => ({ message: `expected a size above 0 like "512MiB", got ${JSON.stringify(text)}` }),
  );
