// Webhook signatures: HMAC-SHA256 of `${timestamp}.${body}` with WebCrypto, constant-time compare.
import { WebhookVerificationError } from "./error.js";
import type { WebhookEvent } from "./types.js";

export const SIGNATURE_HEADER = "Rivya-Webhook-Signature";
export const TIMESTAMP_HEADER = "Rivya-Webhook-Timestamp";
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Headers as a `Headers` object or a plain record (Node's `req.headers`). */
export type HeadersLike = Headers | Record<string, string | readonly string[] | undefined>;

export interface VerifyOptions {
  /** Seconds a timestamp may be from `now` (default 300). */
  tolerance?: number;
  /** The current time in Unix seconds (default: the clock). */
  now?: number;
}

function header(headers: HeadersLike, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === "string" ? value : value.join(", ");
  }
  return undefined;
}

interface Subtle {
  importKey(
    format: "raw",
    key: Uint8Array,
    algorithm: { name: string; hash: string },
    extractable: boolean,
    usages: string[],
  ): Promise<unknown>;
  sign(algorithm: string, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}

async function subtle(): Promise<Subtle> {
  const found = (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle;
  if (found) return found;
  // Node 18 without the global: node:crypto's webcrypto (the name in a variable keeps bundlers out)
  const specifier = "node:crypto";
  const module: unknown = await import(specifier);
  const webcrypto = (module as { webcrypto?: { subtle?: Subtle } }).webcrypto;
  if (!webcrypto?.subtle) throw new WebhookVerificationError("WebCrypto is not available");
  return webcrypto.subtle;
}

async function hmacHex(secret: string, payload: Uint8Array): Promise<string> {
  const crypto = await subtle();
  const encoder = new TextEncoder();
  const key = await crypto.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const digest = new Uint8Array(await crypto.sign("HMAC", key, payload));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function bytesOf(payload: string | Uint8Array | ArrayBuffer): Uint8Array {
  if (typeof payload === "string") return new TextEncoder().encode(payload);
  return payload instanceof Uint8Array ? payload : new Uint8Array(payload);
}

/**
 * Checks a delivery: the raw body (before any JSON parsing), its headers, and the endpoint
 * secret (or several during a rotation). Throws WebhookVerificationError when it does not verify.
 */
export async function verify(
  payload: string | Uint8Array | ArrayBuffer,
  headers: HeadersLike,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): Promise<void> {
  const timestamp = header(headers, TIMESTAMP_HEADER);
  const signature = header(headers, SIGNATURE_HEADER);
  if (timestamp === undefined || signature === undefined) {
    throw new WebhookVerificationError(`missing ${TIMESTAMP_HEADER} or ${SIGNATURE_HEADER} header`);
  }
  const seconds = Number(timestamp);
  if (!/^[0-9]+$/.test(timestamp.trim()) || !Number.isFinite(seconds)) {
    throw new WebhookVerificationError(`${TIMESTAMP_HEADER} is not a Unix timestamp`);
  }
  const now = options.now ?? Date.now() / 1000;
  if (Math.abs(now - seconds) > (options.tolerance ?? DEFAULT_TOLERANCE_SECONDS)) {
    throw new WebhookVerificationError("the timestamp is outside the tolerance");
  }
  const body = bytesOf(payload);
  const signed = new Uint8Array(timestamp.trim().length + 1 + body.length);
  signed.set(new TextEncoder().encode(`${timestamp.trim()}.`), 0);
  signed.set(body, timestamp.trim().length + 1);
  const offered = signature
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .map((part) => part.slice(3).toLowerCase());
  const secrets = typeof secret === "string" ? [secret] : secret;
  for (const candidate of secrets) {
    const expected = await hmacHex(candidate, signed);
    if (offered.some((value) => constantTimeEqual(value, expected))) return;
  }
  throw new WebhookVerificationError("no signature matches");
}

/** Verifies a delivery, then returns its parsed event. */
export async function unwrap(
  payload: string | Uint8Array | ArrayBuffer,
  headers: HeadersLike,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): Promise<WebhookEvent> {
  await verify(payload, headers, secret, options);
  const text = typeof payload === "string" ? payload : new TextDecoder().decode(bytesOf(payload));
  return JSON.parse(text) as WebhookEvent;
}
