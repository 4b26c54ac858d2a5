// Typed errors: one class per status, each carrying the parsed error body and the request id.
import type { PublicApiError } from "./types.js";

/** The parsed error body of a failed request. */
export type ErrorBody = PublicApiError;

/** The base of every error this SDK throws. */
export class SDKError extends Error {
  override readonly name: string = "SDKError";
}

/** A non-2xx answer. */
export class APIError extends SDKError {
  override readonly name: string = "APIError";
  /** The HTTP status, undefined when no answer came. */
  readonly status: number | undefined;
  readonly headers: Headers | undefined;
  /** The parsed JSON body, or its text when it is not JSON. */
  readonly body: unknown;
  /** The body as the contract's error schema, when it is a JSON object. */
  readonly error: ErrorBody | undefined;
  /** The X-Request-Id header (or the body's request id): quote it to support. */
  readonly requestID: string | undefined;

  constructor(
    status: number | undefined,
    body: unknown,
    headers: Headers | undefined,
    message?: string,
  ) {
    super(APIError.describe(status, body, message));
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.error = isObject(body) ? (body as ErrorBody) : undefined;
    this.requestID = headers?.get("x-request-id") ?? nested(body, "error", "request_id");
  }

  private static describe(
    status: number | undefined,
    body: unknown,
    message: string | undefined,
  ): string {
    if (message !== undefined) return status === undefined ? message : `${status} ${message}`;
    const text = nested(body, "error", "message") ?? nested(body, "message");
    const code = nested(body, "error", "code");
    const detail = text ?? (typeof body === "string" && body ? body : "status code (no body)");
    const parts = [
      status === undefined ? undefined : String(status),
      code === undefined ? undefined : `${code}:`,
      detail,
    ];
    return parts.filter((p) => p !== undefined).join(" ");
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nested(value: unknown, ...keys: string[]): string | undefined {
  let current: unknown = value;
  for (const key of keys) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return typeof current === "string" ? current : undefined;
}

export class BadRequestError extends APIError {
  override readonly name: string = "BadRequestError";
}
export class AuthenticationError extends APIError {
  override readonly name: string = "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  override readonly name: string = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override readonly name: string = "NotFoundError";
}
export class ConflictError extends APIError {
  override readonly name: string = "ConflictError";
}
export class UnprocessableEntityError extends APIError {
  override readonly name: string = "UnprocessableEntityError";
}
export class RateLimitError extends APIError {
  override readonly name: string = "RateLimitError";
}
export class InternalServerError extends APIError {
  override readonly name: string = "InternalServerError";
}

/** No answer: the connection failed. */
export class APIConnectionError extends APIError {
  override readonly name: string = "APIConnectionError";

  constructor(cause?: unknown) {
    super(
      undefined,
      undefined,
      undefined,
      `connection error: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/** No answer within the timeout. */
export class APITimeoutError extends APIConnectionError {
  override readonly name: string = "APITimeoutError";

  constructor() {
    super(new Error("request timed out"));
  }
}

/** The caller's signal aborted the request or the stream. */
export class APIUserAbortError extends APIError {
  override readonly name: string = "APIUserAbortError";

  constructor() {
    super(undefined, undefined, undefined, "request was aborted");
  }
}

/** A stream ended before its terminal event. */
export class StreamInterruptedError extends SDKError {
  override readonly name: string = "StreamInterruptedError";

  constructor(terminal: string) {
    super(`the stream ended before its ${JSON.stringify(terminal)} event`);
  }
}

/** `wait()` reached its deadline before a terminal status. */
export class WaitTimeoutError extends SDKError {
  override readonly name: string = "WaitTimeoutError";
}

/** A webhook delivery whose signature or timestamp does not verify. */
export class WebhookVerificationError extends SDKError {
  override readonly name: string = "WebhookVerificationError";
}

const BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

export function makeStatusError(status: number, body: unknown, headers: Headers): APIError {
  const ErrorClass = BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIError);
  return new ErrorClass(status, body, headers);
}
