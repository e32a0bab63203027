// PromQL in a Markdown runbook: every fenced block marked `promql`, and queries inside
// shell blocks where the text is unambiguous: the `query=` argument of a curl to
// /api/v1/query or /api/v1/query_range, and the expression of `promtool query`.

import { findSyntaxError } from '../promql/parse.js';
import { fixedLocator, verbatimLocator } from './extracted.js';
import type { ExtractedExpr } from './extracted.js';
import { shellCommands } from './shell-words.js';
import type { ShellWord } from './shell-words.js';

interface FencedBlock {
  language: string;
  /** Content lines as written (indentation kept), and the file line of the first. */
  lines: string[];
  firstLine: number;
}

const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'console', 'zsh', 'shell-session']);

export function extractFromMarkdown(file: string, markdown: string): ExtractedExpr[] {
  const found: ExtractedExpr[] = [];
  for (const block of fencedBlocks(markdown)) {
    if (block.language === 'promql') found.push(...promqlBlock(file, block));
    else if (SHELL_LANGUAGES.has(block.language)) found.push(...shellBlock(file, block));
  }
  return found;
}

function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n').map((line) => line.replace(/\r$/, ''));
  const blocks: FencedBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = fence(lines[index]!);
    if (!opening) continue;
    const content: string[] = [];
    let close = index + 1;
    for (; close < lines.length; close++) {
      const closing = fence(lines[close]!);
      if (
        closing &&
        closing.marker[0] === opening.marker[0] &&
        closing.marker.length >= opening.marker.length &&
        closing.info === ''
      )
        break;
      content.push(lines[close]!);
    }
    blocks.push({
      language: opening.info.split(/\s+/)[0]!.toLowerCase(),
      lines: content,
      firstLine: index + 2,
    });
    index = close;
  }
  return blocks;
}

// A fence is 3+ backticks or tildes after at most 3 spaces; the rest is the info string.
function fence(line: string): { marker: string; info: string } | null {
  const indent = line.length - line.trimStart().length;
  if (indent > 3) return null;
  const rest = line.trimStart();
  const char = rest[0];
  if (char !== '`' && char !== '~') return null;
  let length = 0;
  while (rest[length] === char) length++;
  if (length < 3) return null;
  const info = rest.slice(length).trim();
  if (char === '`' && info.includes('`')) return null;
  return { marker: rest.slice(0, length), info };
}

// Blank lines separate expressions; a paragraph that does not parse as one expression but
// whose lines each do is a list of one-line queries.
function promqlBlock(file: string, block: FencedBlock): ExtractedExpr[] {
  const found: ExtractedExpr[] = [];
  let start = 0;
  for (let index = 0; index <= block.lines.length; index++) {
    if (index < block.lines.length && block.lines[index]!.trim() !== '') continue;
    const paragraph = block.lines.slice(start, index);
    const firstLine = block.firstLine + start;
    start = index + 1;
    const code = paragraph.filter((line) => !isComment(line));
    if (code.length === 0) continue;
    const whole = paragraph.join('\n');
    const separately =
      code.length > 1 && findSyntaxError(whole) && code.every((line) => !findSyntaxError(line));
    if (!separately) {
      found.push(promqlExpr(file, whole, firstLine, 1));
      continue;
    }
    paragraph.forEach((line, offset) => {
      if (!isComment(line)) found.push(promqlExpr(file, line, firstLine + offset, 1));
    });
  }
  return found;
}

function promqlExpr(file: string, expr: string, line: number, column: number): ExtractedExpr {
  return { file, expr, context: 'promql block', locate: verbatimLocator(expr, line, column) };
}

function isComment(line: string): boolean {
  return line.trim() === '' || line.trim().startsWith('#');
}

function shellBlock(file: string, block: FencedBlock): ExtractedExpr[] {
  // `$ ` prompts in console blocks are not part of the command.
  const script = block.lines.map((line) => line.replace(/^(\s*)\$ /, '$1  ')).join('\n');
  const found: ExtractedExpr[] = [];
  for (const command of shellCommands(script)) {
    const words = command.filter((word, index) => index > 0 || word.text !== 'sudo');
    const program = words[0]?.text;
    const query =
      program === 'curl'
        ? curlQuery(words)
        : program === 'promtool'
          ? promtoolQuery(words)
          : undefined;
    if (!query || query.word.expands || query.expr.trim() === '') continue;
    found.push({
      file,
      expr: query.expr,
      context: query.context,
      locate: locate(script, block.firstLine, query.word, query.expr),
    });
  }
  return found;
}

interface ShellQuery {
  expr: string;
  word: ShellWord;
  context: string;
}

function curlQuery(words: ShellWord[]): ShellQuery | undefined {
  const url = words.find((word) => word.text.includes('/api/v1/query'));
  if (!url || url.expands) return undefined;
  const search = url.text.includes('?')
    ? new URLSearchParams(url.text.slice(url.text.indexOf('?') + 1))
    : undefined;
  const inUrl = search?.get('query');
  if (inUrl !== null && inUrl !== undefined)
    return { expr: inUrl, word: url, context: 'curl URL query=' };
  for (let index = 1; index < words.length; index++) {
    const flag = words[index]!.text;
    const [name, inline] =
      flag.startsWith('--') && flag.includes('=')
        ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)]
        : [flag, undefined];
    if (!['--data-urlencode', '-d', '--data', '--data-raw', '--data-ascii'].includes(name))
      continue;
    const word = inline !== undefined ? { ...words[index]!, text: inline } : words[index + 1];
    if (!word || !word.text.startsWith('query=')) continue;
    const value = word.text.slice('query='.length);
    const expr =
      name === '--data-urlencode' ? value : (new URLSearchParams(word.text).get('query') ?? '');
    return { expr, word, context: `curl ${name} query=` };
  }
  return undefined;
}

// promtool query instant|range [flags] <server> <expr>
function promtoolQuery(words: ShellWord[]): ShellQuery | undefined {
  if (words[1]?.text !== 'query' || !['instant', 'range'].includes(words[2]?.text ?? ''))
    return undefined;
  const positional = words.slice(3).filter((word) => !word.text.startsWith('-'));
  const word = positional[1];
  return word ? { expr: word.text, word, context: `promtool query ${words[2]!.text}` } : undefined;
}

// Exact when the expression appears verbatim in the script; else the word's start.
function locate(script: string, firstLine: number, word: ShellWord, expr: string) {
  const at = script.indexOf(expr, word.offset);
  const offset = at >= 0 ? at : word.offset;
  const before = script.slice(0, offset);
  const line = firstLine + before.split('\n').length - 1;
  const column = offset - before.lastIndexOf('\n');
  return at >= 0 ? verbatimLocator(expr, line, column) : fixedLocator(line, column);
}
