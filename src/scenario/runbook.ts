// A runbook attached to a drill (`--runbook FILE`): its Markdown headings, so the report
// can link each step of the drill to the section that tells a person what to do.

import { readFileSync } from 'node:fs';
import type { StepName } from './step-name.js';

export interface RunbookSection {
  title: string;
  /** GitHub's anchor for the heading: lower case, punctuation dropped, spaces to dashes. */
  anchor: string;
  line: number;
}

export interface Runbook {
  file: string;
  sections: RunbookSection[];
}

export function anchorOf(title: string): string {
  return title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

export function readRunbook(file: string, shownAs = file): Runbook {
  const text = readFileSync(file, 'utf8');
  const sections: RunbookSection[] = [];
  let fenced = false;
  text.split('\n').forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading)
      sections.push({ title: heading[1]!, anchor: anchorOf(heading[1]!), line: index + 1 });
  });
  return { file: shownAs, sections };
}

/** The first section whose title contains `words` (case-insensitive). */
export function findSection(runbook: Runbook, words: string): RunbookSection | undefined {
  const wanted = words.toLowerCase();
  return (
    runbook.sections.find((s) => s.title.toLowerCase() === wanted) ??
    runbook.sections.find((s) => s.title.toLowerCase().includes(wanted))
  );
}

/** Which section each step of a drill follows, where the runbook has one. */
export function runbookLinks(
  runbook: Runbook,
  causeSection: string,
): Partial<Record<StepName, RunbookSection>> {
  const links: Partial<Record<StepName, RunbookSection>> = {};
  const pick = (step: StepName, words: string) => {
    const section = findSection(runbook, words);
    if (section) links[step] = section;
  };
  pick('expect', 'alert');
  pick('remediate', causeSection);
  pick('verify', 'verification');
  return links;
}
