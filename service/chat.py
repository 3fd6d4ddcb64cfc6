"""An OpenAI-compatible chat endpoint, so a chatbot front-end (Open WebUI, LibreChat, any OpenAI client) plugs in with
planqa's base URL `http://HOST:PORT/v1` and no adapter.

The model is planqa itself: the last user message is answered by `Answerer.ask`, as POST /ask answers it, after a
follow-up is made whole from the earlier user messages (service.conversation). The reply's content is the answer
with its numbered sources; the structured citations travel alongside in extra fields an OpenAI client keeps
(`model_extra`). Streaming sends the same content in OpenAI's `chat.completion.chunk` events. Errors use OpenAI's
error shape, so clients raise their own error classes with planqa's message.
"""

from __future__ import annotations

import json
import re
import math
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException  # what FastAPI raises for a body it cannot decode

from .conversation import resolve_conversation
from .rewriting import is_english
from .schemas import MAX_QUERY_CHARS, AskResponse, Citation, JsonFloat, JsonInt, PlanRef

MODEL_ID = "planqa"
INDEX_HEADER = "X-Planqa-Index"  # the index generation answered from, as every planqa response carries it
_STARTED = int(time.time())
_QUOTE_CHARS = 300  # a source's quote in the message text; the full passage is in `citations`
_EARLIER_TURNS = 8  # user turns read for a follow-up's context: older ones no longer say what "it" is
_PIECE_CHARS = 40  # content per streamed delta, cut at a space


# ---- bodies ---------------------------------------------------------------------------------------------------

class ContentPart(BaseModel):
    """One part of a message's content; only text parts are read (an image or audio part is ignored)."""

    model_config = ConfigDict(extra="allow")
    type: str = Field(examples=["text"])
    text: str | None = Field(None, examples=["Cơ quan nào phụ trách chỉ tiêu 14 của Hải Dương?"])


# Python's whitespace (str.strip), spelled out: JSON Schema's `\s` is ECMAScript's, which differs (U+001C-U+001F,
# U+0085, U+FEFF), and the documented rule must be the one the server applies.
_SPACE = ("\\t\\n\\u000b\\u000c\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f"
          "\\u205f\\u3000")
# a question: once stripped, 1 to MAX_QUERY_CHARS characters, as POST /ask takes it
QUESTION_PATTERN = f"^[{_SPACE}]*[^{_SPACE}](?:[\\s\\S]{{0,{MAX_QUERY_CHARS - 2}}}[^{_SPACE}])?[{_SPACE}]*$"
_QUESTION = {"type": "string", "pattern": QUESTION_PATTERN}
_TEXT_PART = {"type": "object", "required": ["type"], "properties": {"type": {"const": "text"}}}
# What the schema adds to a user message: the server answers the last one, so it must hold a question. Written for
# every user message, since JSON Schema cannot single out the last one: the server itself only skips an empty
# earlier one and cuts a long one, as context. A list holds one text part (the question) and any other parts.
_USER_MESSAGE_RULE = {
    "if": {"required": ["role"], "properties": {"role": {"const": "user"}}},
    "then": {"required": ["content"], "properties": {"content": {"anyOf": [
        _QUESTION,
        {"type": "array", "contains": _TEXT_PART, "maxContains": 1, "items": {"anyOf": [
            {"type": "object", "required": ["type"],
             "properties": {"type": {"type": "string", "not": {"const": "text"}}}},
            {**_TEXT_PART, "required": ["type", "text"], "properties": {**_TEXT_PART["properties"], "text": _QUESTION}},
        ]}},
    ]}}},
}


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra=_USER_MESSAGE_RULE)
    role: Literal["system", "developer", "user", "assistant", "tool", "function"] = Field(
        description="only user messages are read: the last one is the question, earlier ones its context",
        examples=["user"])
    content: str | list[ContentPart] | None = Field(
        None, description="a string, or a list of {type: 'text', text: ...} parts",
        examples=["Cơ quan nào phụ trách chỉ tiêu 14 của Hải Dương?"])
    name: str | None = None

    def text(self) -> str:
        text = self.content if isinstance(self.content, str) else \
            "\n".join(p.text for p in self.content or [] if p.type == "text" and p.text)
        # a lone surrogate (JSON allows "\ud800") cannot be written back as UTF-8: it is no question anyway
        return text.encode("utf-8", "replace").decode("utf-8")


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")
    include_usage: bool = Field(False, strict=True, description="send a last chunk with `usage` and no choices")


class ChatCompletionRequest(BaseModel):
    """OpenAI's request shape. Sampling fields (temperature, top_p, max_tokens, n, ...) are accepted and ignored:
    answers are extracted from the plans, not sampled, and there is always one choice. Unknown fields are ignored."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "model": MODEL_ID, "messages": [{"role": "user", "content": "Cơ quan nào phụ trách chỉ tiêu 14 của Hải Dương?"}],
    }]})
    model: str = Field(MODEL_ID, description=f"must be {MODEL_ID!r} (GET /v1/models)", examples=[MODEL_ID])
    messages: list[ChatMessage] = Field(
        description="the conversation, oldest first; needs a user message, and the last one holds the question "
                    f"(at most {MAX_QUERY_CHARS} characters)",
        json_schema_extra={"contains": {"required": ["role"], "properties": {"role": {"const": "user"}}}})
    # as the documented schema says: `true` is not 1 and `"0.5"` not a number (schemas._json_number)
    stream: bool | None = Field(False, strict=True, description="server-sent events of chat.completion.chunk objects")
    stream_options: StreamOptions | None = None
    temperature: JsonFloat | None = None
    top_p: JsonFloat | None = None
    max_tokens: JsonInt | None = None
    max_completion_tokens: JsonInt | None = None
    n: JsonInt | None = None
    user: str | None = None


class ModelCard(BaseModel):
    id: str = Field(examples=[MODEL_ID])
    object: Literal["model"] = "model"
    created: int = Field(description="Unix time the server started", examples=[1764806400])
    owned_by: str = Field(examples=["planqa"])


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str = Field(description="the answer, then its numbered sources (Nguồn / Sources)")


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"


class Usage(BaseModel):
    """Token counts are approximations (characters / 4): planqa runs no tokenizer of a generative model."""

    prompt_tokens: int = Field(description="approximate: characters of the messages / 4")
    completion_tokens: int = Field(description="approximate: characters of the content / 4")
    total_tokens: int


class PlanqaFields(BaseModel):
    """What planqa adds to OpenAI's objects: the answer's structured evidence, as POST /ask returns it."""

    found: bool = Field(description="false when the plans do not answer the question (what is missing is said)")
    citations: list[Citation] = Field(description="the passages cited, numbered [1], [2], … in the content")
    plans: list[PlanRef] = Field(default_factory=list, description="the plans the answer draws on")
    kind: str | None = Field(None, description="what the question was understood to ask")
    question: str = Field(description="the question answered: the last user message, with what a follow-up "
                                      "leaves unsaid (place, plan, indicator) taken from earlier user messages",
                          examples=["Cơ quan nào phụ trách chỉ tiêu 15 của Hải Dương?"])


class ChatCompletion(PlanqaFields):
    id: str = Field(examples=["chatcmpl-3f2a…"])
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = Field(examples=[MODEL_ID])
    choices: list[Choice]
    usage: Usage


class Delta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int = 0
    delta: Delta
    finish_reason: Literal["stop"] | None = None


class ChatCompletionChunk(BaseModel):
    """One server-sent event of a streamed reply; the chunk with `finish_reason` also carries planqa's fields."""

    model_config = ConfigDict(extra="allow")
    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
    usage: Usage | None = None


class ErrorDetail(BaseModel):
    message: str = Field(examples=["the conversation has no user message: add one with role 'user'"])
    type: str = Field(examples=["invalid_request_error"])
    param: str | None = Field(None, examples=["messages"])
    code: str | None = Field(None, examples=["no_user_message"])


class OpenAIError(BaseModel):
    """OpenAI's error body: what an OpenAI client reads into its exception."""

    error: ErrorDetail


# ---- errors in OpenAI's shape ---------------------------------------------------------------------------------

class ChatError(Exception):
    def __init__(self, status: int, message: str, param: str | None, code: str) -> None:
        super().__init__(message)
        self.status, self.param, self.code = status, param, code

    def response(self) -> JSONResponse:
        kind = "not_found_error" if self.status == 404 else "invalid_request_error"
        body = OpenAIError(error=ErrorDetail(message=str(self), type=kind, param=self.param, code=self.code))
        return JSONResponse(status_code=self.status, content=body.model_dump())


class _OpenAIRoute(APIRoute):
    """A body that does not parse, or cannot even be decoded, is answered in OpenAI's error shape here, not the app's
    `detail` shape: an OpenAI client shows `error.message`."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                first = exc.errors()[0] if exc.errors() else {}
                if first.get("type") == "json_invalid":
                    return ChatError(422, "the body is not valid JSON", None, "invalid_json").response()
                where = [str(p) for p in first.get("loc", ()) if p != "body"]
                message = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or 'body'}: "
                                    f"{e.get('msg', 'invalid')}" for e in exc.errors()) or "invalid request body"
                return ChatError(422, message, ".".join(where) or None, "invalid_body").response()
            except HTTPException as exc:
                if exc.status_code != 400:  # FastAPI's other refusals (a body over a size limit) are not its to word
                    raise
                # FastAPI's own 400: a body that json.loads cannot even decode (not UTF-8, -16 or -32)
                return ChatError(400, "the body could not be read: send JSON encoded as UTF-8", None,
                                 "invalid_encoding").response()
            except ChatError as exc:
                return exc.response()

        return route


_ERRORS = {
    400: {"model": OpenAIError, "description": "no user message, an empty last user message, one over "
                                               f"{MAX_QUERY_CHARS} characters, or a body that is not UTF-8"},
    404: {"model": OpenAIError, "description": f"a model other than {MODEL_ID!r}"},
    422: {"model": OpenAIError, "description": "a body that is not a chat completion request"},
}

router = APIRouter(prefix="/v1", tags=["OpenAI-compatible chat"], route_class=_OpenAIRoute)


def _model_card() -> ModelCard:
    return ModelCard(id=MODEL_ID, created=_STARTED, owned_by="planqa")


@router.get("/models", response_model=ModelList, summary="The models a chat client may name (one: planqa)")
def list_models() -> ModelList:
    return ModelList(data=[_model_card()])


@router.get("/models/{model}", response_model=ModelCard, responses={404: _ERRORS[404]}, summary="One model")
def retrieve_model(model: str) -> ModelCard:
    _served(model)
    return _model_card()


def _served(model: str) -> None:
    if model != MODEL_ID:
        raise ChatError(404, f"the model {model!r} does not exist; use {MODEL_ID!r} (GET /v1/models)", "model",
                        "model_not_found")


@router.post("/chat/completions", response_model=ChatCompletion, responses={
    200: {"description": "the answer; with `stream: true`, server-sent events of chat.completion.chunk objects "
                         "(the last with `finish_reason` and planqa's fields), then `data: [DONE]`",
          "content": {"text/event-stream": {"schema": {"type": "string"}}},
          "headers": {INDEX_HEADER: {"description": "the index generation the answer came from",
                                     "schema": {"type": "string"}}}},
    **_ERRORS}, summary="Answer the last user message, with citations (OpenAI chat completions)")
async def chat_completions(body: ChatCompletionRequest, request: Request, response: Response):
    _served(body.model)
    questions = [m.text().strip() for m in body.messages if m.role == "user"]
    if not questions:
        raise ChatError(400, "the conversation has no user message: add one with role 'user' holding the question",
                        "messages", "no_user_message")
    if not questions[-1]:
        raise ChatError(400, "the last user message is empty: it must hold the question", "messages",
                        "empty_user_message")
    if len(questions[-1]) > MAX_QUERY_CHARS:
        raise ChatError(400, f"the last user message is longer than {MAX_QUERY_CHARS} characters", "messages",
                        "question_too_long")
    engine = request.app.state.live.current()
    earlier = [q[:MAX_QUERY_CHARS] for q in questions[:-1] if q][-_EARLIER_TURNS:]
    resolved, answer = await run_in_threadpool(_answer, engine, [*earlier, questions[-1]])
    content = _content(answer, engine.retriever.documents, english=is_english(resolved))
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    extra = PlanqaFields(found=answer.found, citations=answer.citations, plans=answer.plans, kind=answer.kind,
                         question=resolved)
    prompt_chars = sum(len(m.text()) for m in body.messages)
    usage = Usage(prompt_tokens=_tokens(prompt_chars), completion_tokens=_tokens(len(content)),
                  total_tokens=_tokens(prompt_chars) + _tokens(len(content)))
    headers = {INDEX_HEADER: engine.generation}
    if body.stream:
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        events = _events(completion_id, created, content, extra, usage if include_usage else None)
        return StreamingResponse(events, media_type="text/event-stream",
                                 headers={**headers, "Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    response.headers.update(headers)
    return ChatCompletion(id=completion_id, created=created, model=MODEL_ID, usage=usage,
                          choices=[Choice(message=AssistantMessage(content=content))], **extra.model_dump())


def _answer(engine, questions: list[str]) -> tuple[str, AskResponse]:
    """Resolve the follow-up and answer it: CPU work, run off the event loop."""
    resolved = resolve_conversation(questions, engine.retriever.documents)
    return resolved.question, engine.answerer.ask(resolved.question)


_NUMBERED = re.compile(r"\[\d+\] ")


def _content(answer: AskResponse, documents: dict[str, dict], english: bool) -> str:
    """The answer, then its sources numbered as `citations`: plan, heading path and the passage quoted."""
    if not answer.citations:
        return answer.answer
    # the answer's own numbered evidence lines are the sources below, said once; so is a line announcing them
    said = [line for line in answer.answer.rstrip().splitlines() if not _NUMBERED.match(line)]
    while len(said) > 1 and said[-1].rstrip().endswith(":"):
        said.pop()
    heading = ("Sources:" if english else "Nguồn:") if answer.found else \
        ("Nearest evidence:" if english else "Bằng chứng gần nhất:")
    lines = ["\n".join(said), "", heading]
    for i, c in enumerate(answer.citations, 1):
        doc = documents.get(c.doc_id, {})
        label = doc.get("label") or " ".join(p for p in ("Kế hoạch", c.number, c.locality) if p)
        quote = " ".join((c.quote or "").split())
        if len(quote) > _QUOTE_CHARS:
            quote = quote[:_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
        lines.append(f"[{i}] {label} — {c.section}" + (f": «{quote}»" if quote else ""))
    return "\n".join(lines)


def _tokens(chars: int) -> int:
    return math.ceil(chars / 4)


def _pieces(text: str) -> list[str]:
    """The content in pieces of about _PIECE_CHARS, cut after a space or newline; joined they are the content."""
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + _PIECE_CHARS)
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = cut + 1 if cut > start else end
        pieces.append(text[start:end])
        start = end
    return pieces


async def _events(completion_id: str, created: int, content: str, extra: PlanqaFields,
                  usage: Usage | None) -> AsyncIterator[str]:
    def event(choices: list[ChunkChoice], **fields: Any) -> str:
        chunk = ChatCompletionChunk(id=completion_id, created=created, model=MODEL_ID, choices=choices, **fields)
        data = chunk.model_dump(mode="json")
        for choice in data["choices"]:  # a delta holds only what it adds, as OpenAI sends it
            choice["delta"] = {k: v for k, v in choice["delta"].items() if v is not None}
        if data["usage"] is None:
            del data["usage"]
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    yield event([ChunkChoice(delta=Delta(role="assistant", content=""))])
    for piece in _pieces(content):
        yield event([ChunkChoice(delta=Delta(content=piece))])
    yield event([ChunkChoice(delta=Delta(), finish_reason="stop")], **extra.model_dump(mode="json"))
    if usage is not None:
        yield event([], usage=usage)
    yield "data: [DONE]\n\n"
