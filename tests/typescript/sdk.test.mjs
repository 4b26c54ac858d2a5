// The generated TypeScript SDK (golden copy, compiled by tsc) against the real mock on 127.0.0.1.
// Driven by tests/typescript/test_sdk_mock.py, which starts the mocks and sets:
//   RIVYA_SDK_DIST  the compiled package (dist/ with index.js)
//   MOCK_URL        a mock with the demo key DEMO_KEY
//   LIMITED_URL     a mock limited to one request per second per key
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

const sdk = await import(pathToFileURL(`${process.env.RIVYA_SDK_DIST}/index.js`).href);
const { Rivya } = sdk;
const client = new Rivya({ apiKey: process.env.DEMO_KEY, baseURL: process.env.MOCK_URL });

// a 640x480 PNG header: the mock reads the size from it
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 2, 128, 0, 0, 1, 224,
  8, 2, 0, 0, 0, ...new Array(16).fill(0),
]);

test("models.list returns the catalog, enums as the contract says", async () => {
  const models = await client.models.list({ kind: "chat" });
  assert.deepEqual(new Set(models.data.map((m) => m.id)), new Set(["rivya-chat-1", "rivya-chat-mini"]));
  assert.ok(models.data.every((m) => m.kind === "chat"));
  const all = await client.models.list();
  assert.ok(all.data.length > models.data.length);
});

test("generations.create then wait reaches a terminal status", async () => {
  const created = await client.generations.create({
    model: "rivya-image-1",
    prompt: "a red fox",
    params: { num_outputs: 2 },
  });
  assert.equal(created.status, "queued");
  const done = await client.generations.wait(created.id, { pollInterval: 10 });
  assert.equal(done.status, "succeeded");
  assert.equal(done.result.outputs.length, 2);
  const again = await client.generations.retrieve(created.id);
  assert.equal(again.status, "succeeded");
});

test("files.upload sends multipart, the file is then referenced by a generation", async () => {
  const file = new File([PNG], "fox.png", { type: "image/png" });
  const uploaded = await client.files.upload({ file, kind: "image" });
  assert.equal(uploaded.filename, "fox.png");
  assert.deepEqual([uploaded.width, uploaded.height], [640, 480]);
  const item = { url: uploaded.url, kind: "image", name: uploaded.filename };
  const created = await client.generations.create({
    model: "rivya-image-1",
    prompt: "like this",
    params: { referenceMediaItems: [item] },
  });
  assert.equal(created.status, "queued");
  const stranger = { ...item, url: "https://files.rivya.ai/v1/file_NOPE/x.png" };
  await assert.rejects(
    client.generations.create({ model: "rivya-image-1", prompt: "x", params: { referenceMediaItems: [stranger] } }),
    (error) => error instanceof sdk.NotFoundError && error.error.error.code === "not_found",
  );
  const fetched = await client.files.retrieve(uploaded.id);
  assert.equal(fetched.id, uploaded.id);
});

test("chat.completions.create answers, stream yields typed events in order", async () => {
  const answer = await client.chat.completions.create({ model: "rivya-chat-1", message: "hello there" });
  assert.equal(typeof answer.session_id, "string");
  assert.equal(answer.message.role, "assistant");
  const stream = await client.chat.completions.stream({ model: "rivya-chat-1", message: "one two three four five" });
  const names = [];
  let text = "";
  for await (const event of stream) {
    names.push(event.event);
    if (event.event === "message.delta") text += event.data.delta;
  }
  assert.equal(names[0], "session.created");
  assert.equal(names.at(-1), "done");
  assert.ok(names.indexOf("message.completed") > names.lastIndexOf("message.delta"));
  assert.ok(text.length > 0);
});

test("breaking out of a stream closes it; a second client call still works", async () => {
  const stream = await client.chat.completions.stream({ model: "rivya-chat-1", message: "a b c d e f g h" });
  for await (const event of stream) {
    if (event.event === "message.delta") break;
  }
  assert.ok(stream.controller.signal.aborted);
  const balance = await client.credits.retrieve();
  assert.equal(typeof balance.available_credits, "number");
});

test("a webhook delivery arrives signed and verifies; a tampered one does not", async () => {
  const received = [];
  let arrived;
  const got = new Promise((resolve) => (arrived = resolve));
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(200).end();
      arrived();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${server.address().port}/hook`;
    const endpoint = await client.webhooks.create({ url, enabled_events: ["generation.succeeded"] });
    assert.ok(endpoint.secret.startsWith("whsec_"));
    const result = await client.webhooks.test(endpoint.id, {});
    assert.ok(result.event.id);
    await got;
    const [delivery] = received;
    const event = await client.webhooks.unwrap(delivery.body, delivery.headers, endpoint.secret);
    assert.equal(event.type, "webhook.test");
    await client.webhooks.verify(new Uint8Array(delivery.body), delivery.headers, ["whsec_old", endpoint.secret]);
    await assert.rejects(
      client.webhooks.verify(Buffer.concat([delivery.body, Buffer.from(" ")]), delivery.headers, endpoint.secret),
      sdk.WebhookVerificationError,
    );
    await assert.rejects(
      client.webhooks.verify(delivery.body, delivery.headers, endpoint.secret, { now: Date.now() / 1000 + 3600 }),
      sdk.WebhookVerificationError,
    );
    await client.webhooks.delete(endpoint.id);
  } finally {
    server.close();
  }
});

test("for await walks every page of a cursor list", async () => {
  const made = [];
  for (let i = 0; i < 5; i++) {
    made.push((await client.webhooks.create({ url: `https://example.com/h${i}`, enabled_events: ["generation.failed"] })).id);
  }
  const first = await client.webhooks.list({ limit: 2 });
  assert.equal(first.data.length, 2);
  assert.equal(first.hasNextPage(), true);
  const seen = [];
  for await (const endpoint of client.webhooks.list({ limit: 2 })) seen.push(endpoint.id);
  for (const id of made) assert.ok(seen.includes(id), `${id} is on some page`);
  assert.equal(new Set(seen).size, seen.length);
  for (const id of made) await client.webhooks.delete(id);
});

test("a wrong API key is an AuthenticationError with the error body and request id", async () => {
  const wrong = new Rivya({ apiKey: "rvya_sk_wrong", baseURL: process.env.MOCK_URL, maxRetries: 0 });
  await assert.rejects(wrong.credits.retrieve(), (error) => {
    assert.ok(error instanceof sdk.AuthenticationError);
    assert.equal(error.status, 401);
    assert.equal(typeof error.error.error.code, "string");
    assert.equal(typeof error.requestID, "string");
    assert.ok(error.requestID.length > 0);
    return true;
  });
});

test("a 429 carries Retry-After; a retried create waits that long and keeps its Idempotency-Key", async () => {
  const limited = new Rivya({ apiKey: process.env.DEMO_KEY, baseURL: process.env.LIMITED_URL, maxRetries: 0 });
  let error;
  for (let tries = 0; tries < 3 && !(error instanceof sdk.RateLimitError); tries++) {
    await limited.credits.retrieve().catch(() => undefined); // spend the window's one request
    error = await limited.credits.retrieve().then(
      () => undefined, // the one-second window rolled over in between: try again
      (e) => e,
    );
  }
  assert.ok(error instanceof sdk.RateLimitError, String(error));
  assert.equal(error.status, 429);
  assert.equal(error.error.error.code, "rate_limited");
  const asked = Number(error.headers.get("retry-after"));
  assert.ok(asked >= 1);
  // now a client that retries: it must wait what Retry-After says, with the same Idempotency-Key
  for (let tries = 0; tries < 3; tries++) {
    const seen = [];
    const recording = async (url, init) => {
      const response = await fetch(url, init);
      const key = init.headers.get("idempotency-key");
      seen.push({ status: response.status, at: Date.now(), after: response.headers.get("retry-after"), key });
      return response;
    };
    const patient = new Rivya({ apiKey: process.env.DEMO_KEY, baseURL: process.env.LIMITED_URL, fetch: recording });
    await limited.credits.retrieve().catch(() => undefined); // spend this window's request
    const created = await patient.generations.create({ model: "rivya-image-1", prompt: "patience" });
    assert.equal(created.status, "queued");
    if (seen[0].status !== 429) continue; // the window rolled over in between: try again
    assert.equal(seen.at(-1).status, 202);
    assert.equal(new Set(seen.map((s) => s.key)).size, 1, "one Idempotency-Key across the retries");
    assert.ok(seen[0].key);
    const waited = seen[1].at - seen[0].at;
    assert.ok(waited >= Number(seen[0].after) * 1000 - 50, `waited ${waited} ms for Retry-After ${seen[0].after}`);
    return;
  }
  assert.fail("never saw a 429 first");
});

test("per-request options: a signal aborts, headers are sent", async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(client.credits.retrieve({ signal: controller.signal }), sdk.APIUserAbortError);
  const balance = await client.credits.retrieve({ headers: { "X-Extra": "1" }, timeout: 5000, maxRetries: 0 });
  assert.equal(typeof balance.available_credits, "number");
});

test("a connection error is retried with back-off, then thrown as APIConnectionError", async () => {
  const { createServer: createNet } = await import("node:net");
  const probe = createNet();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve)); // a port with nobody listening
  let calls = 0;
  const counting = (url, init) => {
    calls += 1;
    return fetch(url, init);
  };
  const offline = new Rivya({ apiKey: "k", baseURL: `http://127.0.0.1:${port}`, maxRetries: 1, fetch: counting });
  const started = Date.now();
  await assert.rejects(offline.credits.retrieve(), sdk.APIConnectionError);
  assert.equal(calls, 2);
  assert.ok(Date.now() - started >= 350, "waited about 0.5 s (minus jitter) before the retry");
});
