// Just enough of POSIX shell word splitting to read a `curl` line in a runbook: quotes,
// backslashes, line continuations, comments, command separators. A word that depends on
// an expansion (`$VAR`, `$(…)`) is marked, because its text is not knowable here.

export interface ShellWord {
  text: string;
  /** Offset in the script where the word starts. */
  offset: number;
  /** True when the word contains a parameter or command expansion. */
  expands: boolean;
  /** True when some part of the word was quoted (its text is then taken literally). */
  quoted: boolean;
}

/** Commands (lists of words) in a script, split at newlines, `;`, `|`, `&&`, `||`. */
export function shellCommands(script: string): ShellWord[][] {
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let word: ShellWord | null = null;
  const endWord = () => {
    if (word) words.push(word);
    word = null;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  const current = (at: number): ShellWord =>
    (word ??= { text: '', offset: at, expands: false, quoted: false });

  for (let at = 0; at < script.length; at++) {
    const char = script[at]!;
    if (char === '\\') {
      if (script[at + 1] === '\n') {
        at++; // line continuation
        continue;
      }
      current(at).text += script[at + 1] ?? '';
      at++;
    } else if (char === "'") {
      const end = script.indexOf("'", at + 1);
      const stop = end < 0 ? script.length : end;
      const target = current(at);
      target.text += script.slice(at + 1, stop);
      target.quoted = true;
      at = stop;
    } else if (char === '"') {
      const target = current(at);
      target.quoted = true;
      for (at++; at < script.length && script[at] !== '"'; at++) {
        if (script[at] === '\\' && '"\\$`\n'.includes(script[at + 1] ?? '')) {
          if (script[at + 1] !== '\n') target.text += script[at + 1];
          at++;
        } else {
          if (startsExpansion(script, at)) target.expands = true;
          target.text += script[at];
        }
      }
    } else if (char === ' ' || char === '\t') {
      endWord();
    } else if (char === '\n' || char === ';' || char === '|' || char === '&') {
      endCommand();
    } else if (char === '#' && !word) {
      while (at < script.length && script[at] !== '\n') at++;
      endCommand();
    } else {
      if (startsExpansion(script, at)) current(at).expands = true;
      current(at).text += char;
    }
  }
  endCommand();
  return commands;
}

function startsExpansion(script: string, at: number): boolean {
  if (script[at] === '`') return true;
  if (script[at] !== '$') return false;
  const next = script[at + 1] ?? '';
  return (
    next === '{' ||
    next === '(' ||
    next === '_' ||
    (next >= 'a' && next <= 'z') ||
    (next >= 'A' && next <= 'Z') ||
    (next >= '0' && next <= '9')
  );
}
