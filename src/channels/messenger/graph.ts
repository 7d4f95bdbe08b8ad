/** A small typed Graph API client over Node's fetch: the calls the Messenger channel makes. */
import { classifyMessengerError, MessengerSendError, type GraphErrorBody } from './errors';

export interface GraphClientOptions {
  /** The API root with its version, e.g. https://graph.facebook.com/v23.0 */
  graphUrl: string;
  pageToken: string;
  timeoutMs?: number;
}

export class GraphClient {
  constructor(private readonly options: GraphClientOptions) {}

  /** POST to a Graph path; throws a classified MessengerSendError on any failure. */
  async post(path: string, body: unknown): Promise<unknown> {
    return this.request('POST', path, body);
  }

  async get(path: string): Promise<unknown> {
    return this.request('GET', path);
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const token = encodeURIComponent(this.options.pageToken);
    const url = `${this.options.graphUrl}${path}${path.includes('?') ? '&' : '?'}access_token=${token}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new MessengerSendError('temporary', `Graph API unreachable: ${String(error)}`);
    }
    const parsed = (await response.json().catch(() => undefined)) as unknown;
    if (!response.ok) throw classifyMessengerError(response.status, parsed as GraphErrorBody | undefined);
    return parsed;
  }
}
