// The transport: fetch, timeouts, retries with back-off, typed errors. No dependencies.
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  SDKError,
  makeStatusError,
} from "./error.js";
import { PagePromise, type PageBody } from "./pagination.js";
import { Stream, type StreamShape } from "./streaming.js";
import { appendForm, type Uploadable, toBlob } from "./uploads.js";

export type HTTPMethod = "get" | "post" | "put" | "patch" | "delete" | "head" | "options" | "trace";
export type BodyKind = "json" | "multipart" | "urlencoded" | "bytes";
export type ResponseKind = "json" | "text" | "bytes" | "none";
export type HeaderValues = Record<string, string | null | undefined>;

/** Options every method accepts as its last argument. */
export interface RequestOptions {
  /** Milliseconds before one attempt is abandoned (default: the client's `timeout`). */
  timeout?: number;
  /** Retries after the first attempt (default: the client's `maxRetries`). */
  maxRetries?: number;
  /** Extra headers; `null` removes a default header. */
  headers?: HeaderValues;
  /** Extra query parameters. */
  query?: Record<string, unknown>;
  /** Cancels the request (and a stream being read). */
  signal?: AbortSignal;
  /** The Idempotency-Key of a non-GET request (default: one generated per call). */
  idempotencyKey?: string;
}

/** Options of `wait()` and `createAndWait()`. */
export interface WaitOptions {
  /** Milliseconds before WaitTimeoutError (default 600 000). */
  timeout?: number;
  /** Milliseconds between the first polls (default 1000; then x1.5, at most 10 000). */
  pollInterval?: number;
  /** Options of each request. */
  request?: RequestOptions;
}

export interface ClientOptions {
  /** Defaults to the environment variable named by the client. */
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  /** Milliseconds per attempt (default 60 000). */
  timeout?: number | undefined;
  /** Retries of connection errors, 408, 409, 429 and 5xx (default 2). */
  maxRetries?: number | undefined;
  defaultHeaders?: HeaderValues | undefined;
  /** A fetch implementation (default: the platform's `fetch`). */
  fetch?: typeof fetch | undefined;
}

/** One request as a resource method describes it. */
export interface APIRequest {
  method: HTTPMethod;
  path: string;
  query?: Record<string, unknown> | undefined;
  /** Wire names of the fields of `query` that travel as headers. */
  headerFields?: readonly string[] | undefined;
  body?: unknown;
  bodyKind?: BodyKind | undefined;
  responseKind?: ResponseKind | undefined;
}

export const DEFAULT_TIMEOUT = 60_000;
export const DEFAULT_MAX_RETRIES = 2;
const INITIAL_RETRY_DELAY = 0.5;
const MAX_RETRY_DELAY = 8;
const MAX_RETRY_AFTER = 60;

/** Waits `ms` milliseconds; rejects when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new APIUserAbortError());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new APIUserAbortError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** An environment variable where `process` exists (Node, Deno, Bun); undefined in browsers. */
export function readEnv(name: string): string | undefined {
  const holder = globalThis as { process?: { env?: Record<string, string | undefined> } };
  const value = holder.process?.env?.[name];
  return value === undefined || value === "" ? undefined : value.trim();
}

/** A path parameter, percent-escaped so `/`, `?` and `#` stay inside their segment. */
export function encodePath(value: string | number): string {
  return encodeURIComponent(String(value));
}

export function uuid4(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
  });
}

/** Seconds the server asked us to wait (`retry-after-ms`, `Retry-After` seconds or date). */
export function retryAfter(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && !Number.isNaN(parseFloat(ms))) return parseFloat(ms) / 1000;
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = parseFloat(value);
  if (!Number.isNaN(seconds)) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : (date - Date.now()) / 1000;
}

/** Milliseconds before retry number `attempt` (0-based): Retry-After, else back-off with jitter. */
export function retryDelay(attempt: number, headers: Headers | undefined): number {
  const asked = retryAfter(headers);
  if (asked !== undefined && asked >= 0 && asked <= MAX_RETRY_AFTER) return asked * 1000;
  const delay = Math.min(INITIAL_RETRY_DELAY * 2 ** attempt, MAX_RETRY_DELAY);
  return delay * (1 - Math.random() * 0.25) * 1000;
}

function shouldRetry(response: Response): boolean {
  const told = response.headers.get("x-should-retry");
  if (told === "true") return true;
  if (told === "false") return false;
  return [408, 409, 429].includes(response.status) || response.status >= 500;
}

/** Query parameters: arrays repeat the key, objects use `key[sub]`, null/undefined are left out. */
export function appendQuery(params: URLSearchParams, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) appendQuery(params, key, item);
  } else if (typeof value === "object") {
    for (const [sub, item] of Object.entries(value)) appendQuery(params, `${key}[${sub}]`, item);
  } else {
    params.append(key, String(value));
  }
}

function isUploadable(value: unknown): value is Uploadable {
  return value instanceof Blob || value instanceof ArrayBuffer || value instanceof Uint8Array;
}

function encodeBody(body: unknown, kind: BodyKind | undefined): BodyInit | undefined {
  if (body === undefined) return undefined;
  if (kind === "multipart") {
    const form = new FormData();
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) appendForm(form, key, value);
    return form;
  }
  if (kind === "urlencoded") {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) appendQuery(params, key, value);
    return params;
  }
  if (kind === "bytes") {
    if (typeof body === "string") return body;
    if (isUploadable(body)) return toBlob(body, "body").blob;
    return JSON.stringify(body);
  }
  return JSON.stringify(body);
}

/** A linked abort: our timeout, the caller's signal. */
function linkedController(signal: AbortSignal | undefined): AbortController {
  const controller = new AbortController();
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  return controller;
}

export interface Sent {
  response: Response;
  controller: AbortController;
}

export abstract class APIClient {
  readonly baseURL: string;
  readonly maxRetries: number;
  readonly timeout: number;
  protected readonly apiKey: string;
  private readonly fetchImpl: typeof fetch;
  private readonly defaultHeaders: HeaderValues;

  protected constructor(apiKey: string, baseURL: string, options: ClientOptions) {
    this.apiKey = apiKey;
    this.baseURL = baseURL.replace(/\/+$/, "");
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.defaultHeaders = options.defaultHeaders ?? {};
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== "function") {
      throw new SDKError("no fetch: pass `fetch` to the client (Node >= 18 and browsers have one)");
    }
    this.fetchImpl = fetchImpl;
  }

  /** Headers every request carries. */
  protected authHeaders(): Record<string, string> {
    return { Authorization: `Bearer ${this.apiKey}` };
  }

  buildURL(path: string, query: Record<string, unknown> | undefined): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) appendQuery(params, key, value);
    const search = params.toString();
    return this.baseURL + path + (search ? `?${search}` : "");
  }

  private headers(request: APIRequest, options: RequestOptions, key: string | undefined): Headers {
    const headers = new Headers({ Accept: "application/json", ...this.authHeaders() });
    if (request.body !== undefined && (request.bodyKind ?? "json") === "json") {
      headers.set("Content-Type", "application/json");
    }
    if (key !== undefined) headers.set("Idempotency-Key", key);
    const fields = new Set(request.headerFields ?? []);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (fields.has(name) && value !== undefined && value !== null) headers.set(name, String(value));
    }
    for (const extra of [this.defaultHeaders, options.headers ?? {}]) {
      for (const [name, value] of Object.entries(extra)) {
        if (value === null || value === undefined) headers.delete(name);
        else headers.set(name, value);
      }
    }
    return headers;
  }

  /** Sends with retries; resolves to a 2xx response, rejects with a typed error. */
  async send(request: APIRequest, options: RequestOptions = {}): Promise<Sent> {
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const timeout = options.timeout ?? this.timeout;
    // One key per call, reused by every retry of it: the server then does the work once.
    const key = request.method === "get" ? undefined : (options.idempotencyKey ?? `rivya-retry-${uuid4()}`);
    const fields = new Set(request.headerFields ?? []);
    const query: Record<string, unknown> = { ...options.query };
    for (const [name, value] of Object.entries(request.query ?? {})) if (!fields.has(name)) query[name] = value;
    const url = this.buildURL(request.path, query);
    const headers = this.headers(request, options, key);
    const body = encodeBody(request.body, request.bodyKind);
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw new APIUserAbortError();
      const controller = linkedController(options.signal);
      const timer = setTimeout(() => controller.abort(new APITimeoutError()), timeout);
      let response: Response;
      try {
        if (attempt > 0) headers.set("X-Retry-Count", String(attempt));
        response = await this.fetchImpl(url, {
          method: request.method.toUpperCase(),
          headers,
          body: body ?? null,
          signal: controller.signal,
        });
      } catch (cause) {
        clearTimeout(timer);
        if (options.signal?.aborted) throw new APIUserAbortError();
        const timedOut = controller.signal.reason instanceof APITimeoutError;
        if (attempt < maxRetries) {
          await sleep(retryDelay(attempt, undefined), options.signal);
          continue;
        }
        throw timedOut ? new APITimeoutError() : new APIConnectionError(cause);
      }
      clearTimeout(timer);
      if (response.ok) return { response, controller };
      if (attempt < maxRetries && shouldRetry(response)) {
        await response.body?.cancel().catch(() => undefined);
        await sleep(retryDelay(attempt, response.headers), options.signal);
        continue;
      }
      throw await this.statusError(response);
    }
  }

  private async statusError(response: Response): Promise<APIError> {
    const raw = await response.text().catch(() => "");
    let body: unknown = raw || undefined;
    try {
      body = raw ? (JSON.parse(raw) as unknown) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return makeStatusError(response.status, body, response.headers);
  }

  /** A request whose 2xx answer is parsed as `responseKind` says. */
  async request<T>(request: APIRequest, options?: RequestOptions): Promise<T> {
    const { response } = await this.send(request, options);
    return (await parse(response, request.responseKind ?? "json")) as T;
  }

  /** A cursor-paginated list: awaitable (one page) and async-iterable (every item). */
  requestPage<Item, Body extends PageBody<Item>>(
    request: APIRequest,
    cursorParam: string,
    options?: RequestOptions,
  ): PagePromise<Item, Body> {
    const fetchPage = (cursor: string | undefined): Promise<Body> =>
      this.request<Body>(
        cursor === undefined ? request : { ...request, query: { ...request.query, [cursorParam]: cursor } },
        options,
      );
    return new PagePromise<Item, Body>(fetchPage);
  }

  /** A server-sent event stream: async-iterable typed events, cancelled by `break`. */
  async requestStream<Event>(request: APIRequest, shape: StreamShape, options?: RequestOptions): Promise<Stream<Event>> {
    const { response, controller } = await this.send(request, {
      ...options,
      headers: { Accept: "text/event-stream", ...options?.headers },
    });
    return new Stream<Event>(response, controller, shape);
  }
}

async function parse(response: Response, kind: ResponseKind): Promise<unknown> {
  if (kind === "none" || response.status === 204) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (kind === "text") return response.text();
  if (kind === "bytes") return response.blob();
  const raw = await response.text();
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch (cause) {
    throw new APIError(response.status, raw, response.headers, `the response is not JSON: ${String(cause)}`);
  }
}

/** The base of every resource: it holds the client. */
export abstract class APIResource {
  protected readonly _client: APIClient;

  constructor(client: APIClient) {
    this._client = client;
  }
}
