// The chaos process's side of a fault host (user-kind-host.ts): starts it when a request
// comes and none runs (one that died is replaced), bounds every request, and ends it by
// its pid (SIGKILL) when a request does not return in time. A host that exits, crashes or
// is killed fails every request it was answering with a sentence naming the module. The
// kind's own processes may inherit the host's descriptors, so the host's end is read from
// its exit, never from its channels closing. Ledger records arrive on fd 3 and are
// acknowledged only once the drill's ledger has fsynced them.

import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { extname } from 'node:path';
import { boundedLines } from '../proc/bounded-lines.js';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importBound } from '../bounds.js';
import { withoutSecrets } from '../stack/process/child-env.js';
import { ActionUnavailableError, type ActionLedger } from './action.js';
import type { FaultModuleRef } from './user-fault-module.js';
import { endedSentence, lastLine, lateImportSentence, lateSentence } from './user-kind-bounds.js';
import {
  encodeLine,
  LEDGER_FD,
  splitLines,
  type HostMessage,
  type HostReplies,
  type HostRequest,
  type KindDescription,
  type LedgerAckLine,
  type LedgerRecordLine,
  type LogLine,
} from './user-kind-protocol.js';

/** A line of the kind's own output, as the drill's log takes it. */
const MAX_LINE_CHARS = 4000;
/** A ledger record or log line from the host: far more than any real one. */
const MAX_RECORD_CHARS = 1024 * 1024;

export interface HostCall {
  /** What the call is, in messages: "apply", "undo of process". */
  what: string;
  boundMs: number;
  /** The bound's name in messages: "bounds.applyMs". */
  bound: string;
  /** Where the kind's log lines and output go while this call runs. */
  log: (message: string) => void;
  /** Only an apply writes to the ledger. */
  ledger?: ActionLedger;
  /**
   * False for a call whose lateness must not cost the kind its host: a slow effect reading
   * is only a missed reading, while ending the host would end a fault it holds in-process.
   */
  endWhenLate?: boolean;
}

interface Pending {
  what: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface Session {
  child: ChildProcess;
  ready: Promise<KindDescription>;
  pending: Map<number, Pending>;
  stderr: string;
  log: (message: string) => void;
  ledger: ActionLedger | null;
  /** Set once this session's requests were answered for: its exit adds nothing. */
  over: boolean;
}

const hostModule = fileURLToPath(
  new URL(`./user-kind-host${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

// However the chaos process ends, no host outlives it.
const live = new Set<ChildProcess>();
let exitHook = false;

export class FaultHost {
  private session: Session | null = null;
  private nextId = 1;

  constructor(
    readonly ref: FaultModuleRef,
    /** The module as messages name it (its path from the project, where it lies inside). */
    readonly shownAs: string = ref.file,
    private readonly importMs = importBound(),
  ) {}

  /** The kind as its module defines it: starts a host (bounded like a scenario's import). */
  describe(log: (message: string) => void = () => {}): Promise<KindDescription> {
    return this.start(log).ready;
  }

  async call<Op extends HostRequest['op']>(
    request: Extract<HostRequest, { op: Op }>,
    call: HostCall,
  ): Promise<HostReplies[Op]> {
    const session = this.start(call.log);
    await session.ready;
    session.log = call.log;
    session.ledger = call.ledger ?? null;
    const id = this.nextId++;
    const reply = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        session.pending.delete(id);
        if (call.endWhenLate === false) {
          reject(
            new Error(
              `${this.shownAs}: ${call.what} did not return within ${call.boundMs / 1000} s`,
            ),
          );
          return;
        }
        reject(new Error(lateSentence(this.shownAs, call.what, call.boundMs, call.bound)));
        this.endSession(session, `its fault host was ended when ${call.what} did not return`);
      }, call.boundMs);
      session.pending.set(id, { what: call.what, resolve, reject, timer });
      session.child.send({ id, ...request });
    });
    try {
      return (await reply) as HostReplies[Op];
    } finally {
      session.ledger = null;
    }
  }

  /** Ends the host, if one runs; the next request starts a fresh one. */
  end(why = 'its fault host was ended'): void {
    if (this.session) this.endSession(this.session, why);
  }

  private start(log: (message: string) => void): Session {
    if (this.session && !this.session.over) return this.session;
    // Without the drill's credentials, which are the target's alone.
    const child = spawn(
      process.execPath,
      ['--import', tsxLoader, hostModule, JSON.stringify(this.ref)],
      { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'ipc'], env: withoutSecrets(process.env) },
    );
    live.add(child);
    log(`${this.shownAs}: fault host started (pid ${child.pid})`);
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => {
        for (const each of live) each.kill('SIGKILL');
      });
    }
    let ready!: { resolve: (d: KindDescription) => void; reject: (e: Error) => void };
    const session: Session = {
      child,
      ready: new Promise((resolve, reject) => (ready = { resolve, reject })),
      pending: new Map(),
      stderr: '',
      log,
      ledger: null,
      over: false,
    };
    // Never left unhandled: a caller that stopped waiting has its own error.
    session.ready.catch(() => {});
    this.session = session;
    // Idle, a host holds nothing open: only a pending request's timer keeps chaos waiting.
    child.unref();
    child.channel?.unref();
    for (const stream of [child.stdout, child.stderr, child.stdio[LEDGER_FD]])
      (stream as Socket | null)?.unref();

    const importTimer = setTimeout(() => {
      ready.reject(new Error(lateImportSentence(this.shownAs, this.importMs)));
      this.endSession(session, 'its fault host was ended: importing the module took too long');
    }, this.importMs);
    session.ready.then(
      () => clearTimeout(importTimer),
      () => clearTimeout(importTimer),
    );

    for (const [stream, name] of [
      [child.stdout!, 'stdout'],
      [child.stderr!, 'stderr'],
    ] as const) {
      boundedLines(stream, MAX_LINE_CHARS, (line) => {
        if (name === 'stderr') session.stderr = `${session.stderr}${line}\n`.slice(-4000);
        if (line.trim() !== '') session.log(`${this.shownAs} (${name}): ${line}`);
      });
    }
    this.answerLedger(session, child.stdio[LEDGER_FD] as Socket);

    child.on('message', (message: HostMessage) => {
      if (message.type === 'ready') ready.resolve(message.description);
      else if (message.type === 'failed') ready.reject(new Error(message.message));
      else {
        const pending = session.pending.get(message.id);
        if (!pending) return;
        session.pending.delete(message.id);
        clearTimeout(pending.timer);
        if (message.ok) pending.resolve(message.value);
        else {
          const text = `${this.shownAs}: ${pending.what} threw: ${message.error}`;
          pending.reject(message.unavailable ? new ActionUnavailableError(text) : new Error(text));
        }
      }
    });
    child.on('error', (error) =>
      ready.reject(new Error(`${this.shownAs}: could not start its fault host: ${error.message}`)),
    );
    child.on('exit', (code, signal) => {
      live.delete(child);
      if (this.session === session) this.session = null;
      if (session.over) return;
      session.over = true;
      const settle = () => {
        const said = lastLine(session.stderr);
        ready.reject(new Error(endedSentence(this.shownAs, 'importing it', code, signal, said)));
        for (const pending of session.pending.values()) {
          clearTimeout(pending.timer);
          pending.reject(new Error(endedSentence(this.shownAs, pending.what, code, signal, said)));
        }
        session.pending.clear();
      };
      // What a crash printed may still be on its way; a process the kind started may hold
      // the pipe open, so the wait for its end is short.
      if (child.stderr!.readableEnded) return settle();
      const late = setTimeout(settle, 300);
      child.stderr!.once('end', () => {
        clearTimeout(late);
        settle();
      });
    });
    return session;
  }

  /** SIGKILL by pid; every request still waiting on it learns why. */
  private endSession(session: Session, why: string): void {
    if (this.session === session) this.session = null;
    if (session.over) return;
    session.over = true;
    for (const pending of session.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`${this.shownAs}: ${pending.what} did not return: ${why}`));
    }
    session.pending.clear();
    session.child.kill('SIGKILL');
  }

  /** Each record is written to the drill's ledger (fsynced) before the host hears back; log lines go to the log. */
  private answerLedger(session: Session, socket: Socket): void {
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('error', () => {}); // the host died mid-write: its exit says so
    socket.on('data', (text: string) => {
      const { lines, rest } = splitLines(buffered + text);
      buffered = rest;
      if (buffered.length > MAX_RECORD_CHARS) {
        // No record is that long: a kind writing there without end is ended, not buffered.
        buffered = '';
        this.endSession(
          session,
          `it wrote more than ${MAX_RECORD_CHARS} characters without a line end on the ledger socket`,
        );
        return;
      }
      for (const line of lines) {
        let ack: LedgerAckLine;
        try {
          const record = JSON.parse(line) as LedgerRecordLine | LogLine;
          if ('log' in record) {
            session.log(`${this.shownAs}: ${record.log}`);
            continue;
          }
          if (!session.ledger)
            throw new Error('a fault kind records in the ledger only while it applies an action');
          ack = { entry: session.ledger.record(record.kind, record.params, record.description) };
        } catch (error) {
          ack = { error: (error as Error).message };
        }
        if (!socket.destroyed) socket.write(encodeLine(ack));
      }
    });
  }
}
