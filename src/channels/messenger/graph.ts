/** A small typed Graph API client over Node's fetch: the calls the Messenger channel makes. */
import { classifyMessengerError, MessengerSendError, type GraphErrorBody } from './errors';
import type { FileUpload } from './render';

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

  /** POST as multipart form data: JSON fields, and one file under `filedata` (attachment uploads). */
  async postFile(path: string, fields: Record<string, unknown>, file: FileUpload): Promise<unknown> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields))
      form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
    form.append('filedata', new Blob([file.content], { type: file.contentType }), file.filename);
    return this.request('POST', path, form);
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
        // A form sets its own content type, with its boundary.
        headers: body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
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
