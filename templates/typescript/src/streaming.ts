// Server-sent events as an async iterable of typed events.
import { APIUserAbortError, SDKError, StreamInterruptedError } from "./error.js";

/** How the events of one stream look on the wire. */
export interface StreamShape {
  /** Events are `{event, data}` objects built from the SSE `event:` and `data:` fields. */
  wrapsEvent: boolean;
  /** The event that ends the stream; a stream cut before it raises StreamInterruptedError. */
  terminal?: string | undefined;
  /** The event names the contract declares; others are kept in `ignored`, not yielded. */
  known?: readonly string[] | undefined;
}

/** One raw server-sent event. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * The events of one response, read once. `break` (or `abort()`) closes the connection;
 * so does the caller's `signal`.
 */
export class Stream<Event> implements AsyncIterable<Event> {
  readonly response: Response;
  readonly controller: AbortController;
  /** Events with a name the contract does not declare (the contract says: ignore them). */
  readonly ignored: Array<{ event: string; data: unknown }> = [];
  private readonly shape: StreamShape;
  private consumed = false;

  constructor(response: Response, controller: AbortController, shape: StreamShape) {
    this.response = response;
    this.controller = controller;
    this.shape = shape;
  }

  /** Stops reading and closes the connection. */
  abort(): void {
    this.controller.abort();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Event, void, undefined> {
    if (this.consumed) throw new SDKError("a stream can be iterated only once");
    this.consumed = true;
    const known = this.shape.known ? new Set(this.shape.known) : undefined;
    let ended = this.shape.terminal === undefined;
    try {
      for await (const sse of readEvents(this.response, this.controller.signal)) {
        if (sse.data === "" && sse.event === "message") continue; // a keep-alive
        const data = parseData(sse.data);
        if (known && !known.has(sse.event)) {
          this.ignored.push({ event: sse.event, data });
          continue;
        }
        const event = (this.shape.wrapsEvent ? { event: sse.event, data } : data) as Event;
        if (this.shape.terminal !== undefined && sse.event === this.shape.terminal) {
          ended = true;
          yield event;
          return;
        }
        yield event;
      }
      if (!ended) throw new StreamInterruptedError(this.shape.terminal ?? "");
    } catch (error) {
      if (this.controller.signal.aborted && !(error instanceof StreamInterruptedError)) {
        throw new APIUserAbortError();
      }
      throw error;
    } finally {
      // break, return, an error or the end: the connection is closed either way
      if (!this.controller.signal.aborted) this.controller.abort();
    }
  }
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

/** Splits a byte stream into server-sent events (WHATWG rules: CR, LF or CRLF line ends). */
export async function* readEvents(response: Response, signal: AbortSignal): AsyncGenerator<ServerSentEvent> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const onAbort = (): void => {
    reader.cancel().catch(() => undefined);
  };
  signal.addEventListener("abort", onAbort, { once: true });
  let buffer = "";
  let event = "";
  let data: string[] = [];
  let id: string | undefined;
  const flushLine = (line: string): ServerSentEvent | undefined => {
    if (line === "") {
      if (data.length === 0 && event === "") return undefined;
      const done: ServerSentEvent = { event: event || "message", data: data.join("\n"), id };
      event = "";
      data = [];
      return done;
    }
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id") id = value;
    return undefined;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        if (!match) break;
        if (match[0] === "\r" && match.index === buffer.length - 1) break; // maybe half of CRLF
        const line = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        const ready = flushLine(line);
        if (ready) yield ready;
      }
    }
    // an event not ended by a blank line is incomplete: discarded, as the SSE rules say
  } finally {
    signal.removeEventListener("abort", onAbort);
    try {
      reader.releaseLock();
    } catch {
      // a read still pending after an abort
    }
  }
}
