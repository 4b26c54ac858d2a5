"""The intermediate representation the templates render: every name and type is final."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Param:
    name: str  # the Python argument name
    wire: str  # the name on the wire
    hint: str  # the Python type, e.g. "int | None"
    required: bool
    location: str  # path | query | header | form | body (a property of a JSON object body)
    is_file: bool = False
    docstring: str = ""  # a safe Python string literal, "" when none
    # Additive (sdk-surface): the parameter's schema as the document writes it ($refs kept),
    # so the TypeScript lowering types it without deriving the parameter list again.
    schema: Any = field(default=None, compare=False, repr=False)
    # Additive (sdk-user): the OpenAPI style of a query parameter ("deepObject": arrays are
    # sent indexed, ``expand[0]=x``, as Stripe reads them); "" when the document gives none.
    style: str = ""


@dataclass(frozen=True)
class Overload:
    """One typed form of a method whose JSON body is a discriminated union (one per catalog model)."""

    params: tuple[Param, ...]  # the body properties of this variant, the discriminator a Literal
    tag: str  # the discriminator value ("rivya-image-1"); "" for the open form
    docstring: str = ""


@dataclass(frozen=True)
class Pagination:
    item_hint: str  # the type of one item of ``data``
    limit_param: str
    cursor_wire: str  # the wire name of the ``after`` query parameter ("" for a single page)
    # cursor: limit/after -> next_cursor (Rivya) | single: a ``data`` list, no cursor |
    # field: the cursor is the response field ``next_field`` (OpenAI's last_id, next_page_token) |
    # last_item: the last item's ``id`` (Stripe's starting_after) | link: the Link header's rel="next"
    style: str = "cursor"
    next_field: str = "next_cursor"
    items_field: str = "data"  # "" when the response is the array itself


@dataclass(frozen=True)
class Polling:
    """``wait``/``create_and_wait``: poll ``retrieve`` until ``status`` is terminal."""

    retrieve: str  # method name that polls
    create: str | None  # method name that creates, when there is one
    id_param: str  # the argument name of retrieve's id
    result_hint: str
    terminal: tuple[str, ...]
    create_body_arg_hint: str | None
    create_idempotent: bool


@dataclass(frozen=True)
class Operation:
    name: str  # the method name: list, create, retrieve, rotate_secret ...
    key: str  # "GET /api/v1/models", for docs and reports
    method: str  # lower-case HTTP method
    path_params: tuple[Param, ...]
    query_params: tuple[Param, ...]
    header_params: tuple[Param, ...]
    form_params: tuple[Param, ...]
    body_hint: str | None  # JSON or raw body type, None when there is none
    body_kind: str | None  # json | multipart | urlencoded | bytes | None
    body_arg_hint: str | None  # what the method accepts: the model, or a plain dict
    body_required: bool
    path_expr: str  # a Python expression building the path (literals quoted, params escaped)
    response_hint: str  # the parsed return type ("None" for no content)
    response_kind: str  # json | bytes | text | none
    idempotent: bool  # sends an Idempotency-Key
    docstring: str  # a safe Python string literal
    pagination: Pagination | None = None
    stream_event_hint: str | None = None  # SSE: the type of one event
    stream_wraps_event: bool = False  # events are {event, data} objects
    stream_terminal: str | None = None  # the event name that ends the stream (``done``)
    deprecated: bool = False
    # Additive (python-sdk, issue 18): a JSON object body as keyword arguments.
    body_params: tuple[Param, ...] = ()  # the body's properties (location "body"); empty: ``body=``
    overloads: tuple[Overload, ...] = ()  # per-variant typed forms of a union body (open form last)
    description: str = ""  # the operation's summary and description, plain text
    single_page: Pagination | None = None  # a ``data`` list without a cursor (style "single")
    page_info: Pagination | None = None  # other pagination styles (field, last_item, link)
    # JSON or SSE by the body's ``stream`` flag (OpenAI's chat completions): response_hint is
    # then the JSON type, stream_event_hint the event type, and ``stream=True`` picks the stream.
    stream_choice: bool = False
    example: str = ""  # the arguments of an example call, from the contract's examples
    example_required: str = ""  # the same with only what the call cannot do without
    # Additive (sdk-surface, issue 18): the argument whose value picks an overload of a union
    # body (``model``); the open form (the last overload) takes it as ``Unlisted``.
    discriminator: str = ""
    # The schemas the method is derived from, as the document writes them ($refs kept), for
    # the TypeScript lowering (one derivation of bodies and responses for both SDKs):
    body_schema: Any = field(default=None, compare=False, repr=False)  # the request body's
    response_schema: Any = field(default=None, compare=False, repr=False)  # the first 2xx JSON body's
    stream_schema: Any = field(default=None, compare=False, repr=False)  # the text/event-stream body's
    # Additive (sdk-user): the operation's own server URL when it differs from the document's
    # (Stripe's file uploads: https://files.stripe.com); "" when none.
    server: str = ""
    # Additive (unseen-apis): the media type of a raw (``bytes``) body, sent as Content-Type
    body_media: str = ""

    @property
    def page(self) -> Pagination | None:
        """The page the Python SDK returns: a cursor page, else a single page, else None."""
        return self.pagination or self.page_info or self.single_page

    @property
    def all_params(self) -> tuple[Param, ...]:
        return self.path_params + self.query_params + self.header_params + self.form_params + self.body_params


@dataclass
class Resource:
    attr: str  # attribute on the client / parent: "completions"
    class_name: str  # "ChatCompletions"
    module: str  # file under resources/: "chat"
    operations: list[Operation] = field(default_factory=list)
    children: list[Resource] = field(default_factory=list)
    polling: Polling | None = None
    webhooks: WebhookVerify | None = None


@dataclass(frozen=True)
class WebhookVerify:
    signature_header: str
    timestamp_header: str
    event_hint: str  # the type ``unwrap`` returns
    tolerance_seconds: int
    event_schema: Any = field(default=None, compare=False, repr=False)  # additive: the delivery body's schema


@dataclass
class Sdk:
    package: str
    source_label: str
    title: str
    version: str
    docstring: str
    base_url: str
    api_key_env: str
    base_url_env: str
    client_class: str
    async_client_class: str
    error_model: str | None  # the parsed error body type (PublicApiError)
    resources: list[Resource]
    model_names: list[str]
    notes: list[str]
    operation_count: int
    schema_count: int
    # Additive (python-sdk, issue 18)
    package_version: str = "0.0.0"  # the SDK's own version (--package-version, else the contract's)
    log_env: str = "LOG"  # RIVYA_LOG
    webhook_secret_env: str = "WEBHOOK_SECRET"  # RIVYA_WEBHOOK_SECRET: webhooks.unwrap's default secret
    param_classes: list[Any] = field(default_factory=list)  # params.ParamClass, rendered to params.py
    # Additive (unseen-apis): how the API key is sent, from the document's securitySchemes:
    # header | query | cookie, its name, and a prefix (``Bearer `` for http bearer and OAuth2)
    auth_in: str = "header"
    auth_name: str = "Authorization"
    auth_prefix: str = "Bearer "
