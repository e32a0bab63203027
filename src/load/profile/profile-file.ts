// A profile file: JSON or YAML, chosen by extension, validated against its own path.

import { InputFileError, readInputFile } from '../../input-file.js';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { findSelfReference, selfReferenceMessage } from '../../prom/yaml-aliases.js';
import { ProfileError } from './profile-errors.js';
import { normalizeProfile } from './profile.js';
import type { LoadProfile } from './profile-types.js';

export async function loadProfileFile(path: string): Promise<LoadProfile> {
  return normalizeProfile(await readProfileFile(path), path);
}

/** The file's content as an object, not yet validated (the CLI lays flags over it first). */
export async function readProfileFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = readInputFile(path);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    const reason = error.reason;
    throw new ProfileError(path, [
      `could not read the profile (${reason}); expected a JSON or YAML file`,
    ]);
  }
  return parseProfileText(text, path);
}

/** Parses by extension: .json as JSON, .yaml/.yml as YAML, anything else tried as YAML (a superset). */
export function parseProfileText(text: string, path: string): unknown {
  const json = extname(path).toLowerCase() === '.json';
  try {
    return json ? JSON.parse(text) : parseYaml(text, path);
  } catch (error) {
    if (error instanceof ProfileError) throw error;
    const firstLine = (error as Error).message.split('\n')[0];
    throw new ProfileError(path, [`is not valid ${json ? 'JSON' : 'YAML'}: ${firstLine}`]);
  }
}

function parseYaml(text: string, path: string): unknown {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw document.errors[0]!;
  const loop = findSelfReference(document);
  if (loop) throw new ProfileError(path, [`is not usable YAML: ${selfReferenceMessage(loop)}`]);
  // toJS refuses an alias bomb (more than 100 alias expansions) with its own message.
  return document.toJS();
}
