"""Generated SDKs of Stripe and OpenAI (the corpus documents), used through httpx.MockTransport.

Stripe: the client is ``Stripe`` reading ``STRIPE_API_KEY``; form bodies nest as Stripe reads
them (``address[city]=Paris``); a POST on an item path is ``update``; deepObject queries
(``created[gte]=1``); lists page by ``starting_after`` (the last item's id). OpenAI: an
operation that answers JSON or SSE returns the model unless ``stream=True``, and a stream
ends at ``data: [DONE]``; lists page by ``after`` = ``last_id``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.write import write_sdk
from rivya_contract.load import load
from tests.corpus import corpus_path

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def _generate(tmp_path: Path, document: str, package: str) -> Path:
    doc = load(corpus_path(document))
    write_sdk(doc, tmp_path / "sdk", GenerateOptions(package_name=package))
    return tmp_path / "sdk"


def _run(cwd: Path, code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout.splitlines()


def test_stripe_forms_names_and_starting_after_pages(tmp_path: Path) -> None:
    sdk = _generate(tmp_path, "stripe/e0123a38b40c.json", "stripe_sdk")
    out = _run(
        sdk,
        """
        import json, os
        from urllib.parse import parse_qsl
        import httpx
        import stripe_sdk

        sent = []
        def handler(request):
            sent.append(request)
            if request.url.path == "/v1/customers/search":  # page tokens: page -> next_page
                page = request.url.params.get("page")
                ids = ["cus_3"] if page == "p2" else ["cus_1", "cus_2"]
                body = {"object": "search_result", "url": "/v1/customers/search", "has_more": page is None,
                        "next_page": None if page else "p2",
                        "data": [{"id": i, "object": "customer", "created": 1, "livemode": False} for i in ids]}
                return httpx.Response(200, json=body)
            if request.url.path == "/v1/customers/cus_404":
                body = {"error": {"type": "invalid_request_error", "message": "No such customer", "code": "resource_missing"}}
                return httpx.Response(404, json=body, headers={"request-id": "req_s1"})
            if request.url.path == "/v1/files":
                file = {"id": "file_1", "object": "file", "created": 1, "purpose": "dispute_evidence", "size": 3}
                return httpx.Response(200, json=file)
            if request.method == "GET" and request.url.path == "/v1/customers":
                after = request.url.params.get("starting_after")
                ids = ["cus_3"] if after == "cus_2" else ["cus_1", "cus_2"]
                body = {"object": "list", "url": "/v1/customers", "has_more": after is None,
                        "data": [{"id": i, "object": "customer", "created": 1, "livemode": False} for i in ids]}
                return httpx.Response(200, json=body)
            return httpx.Response(200, json={"id": "cus_1", "object": "customer", "created": 1, "livemode": False})

        os.environ["STRIPE_API_KEY"] = "sk_test_1"
        client = stripe_sdk.Stripe(http_client=httpx.Client(transport=httpx.MockTransport(handler)))
        client.customers.create(email="a@b.c", address={"city": "Paris", "line1": "1 rue"}, metadata={"k": "v"},
                                expand=["invoice_settings.default_payment_method"])
        form = sent[0].content.decode()
        print(sent[0].headers["content-type"], sent[0].headers["authorization"])
        print(sorted(parse_qsl(form)))
        client.customers.update("cus_1", description="vip")
        print(sent[1].method, sent[1].url.path, sent[1].content.decode(), "idempotency-key" in sent[1].headers)
        ids = [c.id for c in client.customers.list(limit=2, created={"gte": 1})]
        print(ids, dict(sent[2].url.params), sent[3].url.params.get("starting_after"))
        print([c.id for c in client.customers.search.list(query="email:'a@b.c'")])
        client.customers.retrieve("cus_1", expand=["default_source", "tax"])
        print(sent[-1].url.query.decode())
        try:
            client.customers.retrieve("cus_404")
        except stripe_sdk.NotFoundError as err:
            print(err.request_id)
        client.files.upload(file=("ev.pdf", b"%PDF"), purpose="dispute_evidence")
        print(sent[-1].url, b'name="file"; filename="ev.pdf"' in sent[-1].content)
        local = client.with_options(base_url="http://127.0.0.1:9")
        local.files.upload(file=("ev.pdf", b"%PDF"), purpose="dispute_evidence")
        print(sent[-1].url)
        """,
    )
    assert out[0] == "application/x-www-form-urlencoded Bearer sk_test_1"
    assert out[1] == str(
        sorted(
            [
                ("address[city]", "Paris"),
                ("address[line1]", "1 rue"),
                ("email", "a@b.c"),
                ("expand[0]", "invoice_settings.default_payment_method"),
                ("metadata[k]", "v"),
            ]
        )
    )
    assert out[2] == "POST /v1/customers/cus_1 description=vip True"
    assert out[3] == "['cus_1', 'cus_2', 'cus_3'] {'created[gte]': '1', 'limit': '2'} cus_2"
    assert out[4] == "['cus_1', 'cus_2', 'cus_3']"  # search pages follow next_page
    assert out[5] == "expand%5B0%5D=default_source&expand%5B1%5D=tax"  # deepObject arrays, indexed
    assert out[6] == "req_s1"  # Stripe's Request-Id header
    # the operation's own server; `file` is a file part though Stripe types it a plain string
    assert out[7] == "https://files.stripe.com/v1/files True"
    assert out[8] == "http://127.0.0.1:9/v1/files"  # unless the caller chose a base_url
    readme = (sdk / "README.md").read_text()
    assert 'client.files.upload(file=Path("file.bin"), purpose=' in readme  # the upload example uploads


def test_openai_json_or_stream_done_sentinel_and_after_pages(tmp_path: Path) -> None:
    sdk = _generate(tmp_path, "openai-json/f85dbe223d40.json", "openai_sdk")
    out = _run(
        sdk,
        """
        import json, os
        import httpx
        import openai_sdk

        completion = {"id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
                      "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                                   "message": {"role": "assistant", "content": "hi", "refusal": None}}]}
        chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
                 "choices": [{"index": 0, "delta": {"content": "hi"}, "finish_reason": None}]}

        def handler(request):
            if request.url.path == "/v1/chat/completions":
                if json.loads(request.content).get("stream"):
                    body = f"data: {json.dumps(chunk)}\\n\\ndata: {json.dumps(chunk)}\\n\\ndata: [DONE]\\n\\n"
                    return httpx.Response(200, content=body.encode(), headers={"content-type": "text/event-stream"})
                return httpx.Response(200, json=completion)
            if request.url.path == "/v1/responses":  # a known event, then one added later
                delta = {"type": "response.output_text.delta", "item_id": "i", "output_index": 0,
                         "content_index": 0, "delta": "Hel", "sequence_number": 1, "logprobs": []}
                later = {"type": "response.brand_new", "sequence_number": 2}
                body = f"data: {json.dumps(delta)}\\n\\ndata: {json.dumps(later)}\\n\\ndata: [DONE]\\n\\n"
                return httpx.Response(200, content=body.encode(), headers={"content-type": "text/event-stream"})
            if request.url.path == "/v1/audio/speech":  # audio bytes, unless stream_format="sse"
                return httpx.Response(200, content=b"ID3audio", headers={"content-type": "audio/mpeg"})
            if request.url.path == "/v1/audio/transcriptions":  # multipart; a stream only if asked
                if b'name="stream"\\r\\n\\r\\ntrue' in request.content:
                    done = {"type": "transcript.text.done", "text": "hello"}
                    body = f"data: {json.dumps(done)}\\n\\ndata: [DONE]\\n\\n"
                    return httpx.Response(200, content=body.encode(), headers={"content-type": "text/event-stream"})
                return httpx.Response(200, json={"text": "hello"})
            if request.url.path == "/v1/files/file-1/content":  # declared a JSON string: the file
                return httpx.Response(200, content=b'{"a": 1}\\n{"a": 2}\\n', headers={"content-type": "application/octet-stream"})
            if request.url.path == "/v1/files":
                after = request.url.params.get("after")
                ids = ["file-3"] if after == "file-2" else ["file-1", "file-2"]
                files = [{"id": i, "object": "file", "bytes": 1, "created_at": 1, "filename": "a.jsonl",
                          "purpose": "batch", "status": "processed"} for i in ids]
                return httpx.Response(200, json={"object": "list", "data": files, "first_id": ids[0],
                                                 "last_id": ids[-1], "has_more": after is None})
            return httpx.Response(404, json={"error": {"message": "no"}})

        os.environ["OPENAI_API_KEY"] = "sk-test"
        client = openai_sdk.OpenAI(http_client=httpx.Client(transport=httpx.MockTransport(handler)))
        messages = [{"role": "user", "content": "hello"}]
        result = client.chat.completions.create(model="gpt-4o", messages=messages)
        print(type(result).__name__, result.choices[0].message.content)
        with client.chat.completions.create(model="gpt-4o", messages=messages, stream=True) as events:
            deltas = [event.choices[0].delta.content for event in events]
        print(deltas)
        print([f.id for f in client.files.list(limit=2)])
        print(repr(client.audio.speech(model="tts-1", input="hi", voice="alloy")))
        print(client.audio.transcriptions(model="whisper-1", file=("a.mp3", b"ID3")).text)
        with client.audio.transcriptions(model="whisper-1", file=("a.mp3", b"ID3"), stream=True) as events:
            print([event.type for event in events])
        print(repr(client.files.content.retrieve("file-1")))
        for event in client.responses.create(model="gpt-4o", input="hi", stream=True):
            print(event.type, event.delta if event.type == "response.output_text.delta" else "")
        """,
    )
    assert out[0] == "CreateChatCompletionResponse hi"
    assert out[1] == "['hi', 'hi']"  # [DONE] ends the stream, it is no event
    assert out[2] == "['file-1', 'file-2', 'file-3']"
    assert out[3] == "b'ID3audio'"  # SSE beside audio and no stream flag: the audio
    assert out[4] == "hello"  # a multipart `stream` flag chooses too: JSON unless stream=True
    assert out[5] == "['transcript.text.done']"
    assert out[6] == repr('{"a": 1}\n{"a": 2}\n')  # a non-JSON body declared JSON: its text
    assert out[7:] == ["response.output_text.delta Hel", "response.brand_new "]  # `type` on the fallback too
    streaming = (sdk / "README.md").read_text().split("## Streaming", 1)[1].split("## ", 1)[0]
    assert "stream=True) as events:" in streaming  # the README's stream example asks for a stream
