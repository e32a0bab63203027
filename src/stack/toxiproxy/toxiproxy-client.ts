// Toxiproxy's HTTP API through toxiproxy-node-client, with the bound every call to a
// part of the stack gets: that client has no timeout, and a wedged Toxiproxy must
// turn into an error that names it, not a drill that hangs.

import { isPlainToxiproxyName } from './toxiproxy-names.js';
import { Toxiproxy } from 'toxiproxy-node-client';
import type { ICreateToxicBody, ToxicType, ToxicDirection } from 'toxiproxy-node-client';

export type ToxicStream = ToxicDirection;
export type { ToxicType };

export interface ToxicSpec {
  name: string;
  type: ToxicType;
  stream: ToxicStream;
  toxicity: number;
  attributes: Record<string, number>;
}

export class ToxiproxyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToxiproxyUnavailableError';
  }
}

export class ToxiproxyClient {
  private readonly api: Toxiproxy;

  constructor(
    readonly url: string,
    private readonly timeoutMs = 5000,
  ) {
    this.api = new Toxiproxy(url.replace(/\/$/, ''));
  }

  version(): Promise<string> {
    return this.bounded('GET /version', () => this.api.getVersion());
  }

  /** Creates a proxy; `listen` may use port 0, and the real address is returned. */
  async createProxy(name: string, listen: string, upstream: string): Promise<{ listen: string }> {
    const proxy = await this.bounded(`create proxy ${name}`, () =>
      this.api.createProxy({ name, listen, upstream }),
    );
    return { listen: proxy.listen };
  }

  /** Resolves false when the proxy did not exist. */
  async deleteProxy(name: string): Promise<boolean> {
    plainName(name);
    return this.ignoringNotFound(`delete proxy ${name}`, async () => {
      const proxy = await this.api.get(name);
      await proxy.remove();
    });
  }

  async addToxic(proxyName: string, toxic: ToxicSpec): Promise<void> {
    plainName(proxyName);
    plainName(toxic.name);
    await this.bounded(`add toxic ${toxic.name} to ${proxyName}`, async () => {
      const proxy = await this.api.get(proxyName);
      await proxy.addToxic({ ...toxic } as ICreateToxicBody<unknown>);
    });
  }

  /** Resolves false when the toxic (or its proxy) did not exist. */
  async removeToxic(proxyName: string, toxicName: string): Promise<boolean> {
    plainName(proxyName);
    plainName(toxicName);
    return this.ignoringNotFound(`remove toxic ${toxicName} from ${proxyName}`, async () => {
      const proxy = await this.api.get(proxyName);
      const toxic = await proxy.getToxic(toxicName);
      await toxic.remove();
    });
  }

  async toxicNames(proxyName: string): Promise<string[]> {
    plainName(proxyName);
    // The client's proxy objects do not carry their toxics; the API lists them directly.
    return this.bounded(`list toxics of ${proxyName}`, async () => {
      const response = await this.api
        .getApi()
        .get<{ name: string }[]>(`${this.api.host}/proxies/${proxyName}/toxics`);
      return response.data.map((toxic) => toxic.name);
    });
  }

  async proxyNames(): Promise<string[]> {
    return this.bounded('list proxies', async () => Object.keys(await this.api.getAll()));
  }

  private async ignoringNotFound(what: string, call: () => Promise<void>): Promise<boolean> {
    try {
      await this.bounded(what, call);
      return true;
    } catch (error) {
      if (/status code 404/.test((error as Error).message)) return false;
      throw error;
    }
  }

  private async bounded<T>(what: string, call: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ToxiproxyUnavailableError(
              `toxiproxy at ${this.url} did not answer "${what}" within ${this.timeoutMs / 1000} s`,
            ),
          ),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([call(), timeout]);
    } catch (error) {
      if (error instanceof ToxiproxyUnavailableError) throw error;
      const message = (error as Error).message;
      if (/status code/.test(message))
        throw new Error(`toxiproxy at ${this.url}: ${what}: ${message}`);
      throw new ToxiproxyUnavailableError(
        `toxiproxy at ${this.url} is unreachable (${what}): ${message}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The client puts names into URL paths as they are: only plain names may get there. */
function plainName(name: string): void {
  if (!isPlainToxiproxyName(name))
    throw new Error(
      `Toxiproxy name ${JSON.stringify(name)} is not a plain name (letters, digits, _ and -)`,
    );
}
