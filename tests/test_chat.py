"""The OpenAI-compatible chat endpoint, driven by the official `openai` client against a real uvicorn server on
loopback over the seed index: what a chatbot front-end sees."""

from __future__ import annotations

import re

import openai
import pytest

from conftest import HAI_DUONG, HUONG_KHE, NINH_BINH, serving

HD_14 = "Cơ quan nào phụ trách chỉ tiêu 14 của Hải Dương?"


@pytest.fixture(scope="module")
def base_url(app):
    with serving(app) as url:
        yield f"{url}/v1"


@pytest.fixture(scope="module")
def client(base_url):
    # any api_key: the read endpoints are open; no retries, so an error is seen as the server sent it
    return openai.OpenAI(base_url=base_url, api_key="any", max_retries=0, timeout=120)


def _ask(client, *questions, **kwargs):
    messages = []
    for q in questions:
        messages += [{"role": "user", "content": q}, {"role": "assistant", "content": "…"}]
    return client.chat.completions.create(model="planqa", messages=messages[:-1], **kwargs)


def test_models(client):
    assert [m.id for m in client.models.list()] == ["planqa"]
    model = client.models.retrieve("planqa")
    assert model.owned_by == "planqa" and model.created > 0
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-4o")


def test_a_completion_names_the_agency_with_numbered_citations(client):
    reply = client.chat.completions.create(model="planqa", temperature=0.2, max_tokens=50, messages=[
        {"role": "system", "content": "Trả lời ngắn gọn."},
        {"role": "user", "content": [{"type": "text", "text": HD_14}]}])
    choice = reply.choices[0]
    assert reply.object == "chat.completion" and choice.finish_reason == "stop"
    assert choice.message.role == "assistant"
    content = choice.message.content
    assert "Sở Tư pháp" in content.split("\n\nNguồn:")[0]
    extra = reply.model_extra
    citations = extra["citations"]
    assert extra["found"] is True and citations
    assert all(c["doc_id"] == HAI_DUONG for c in citations)
    # every structured citation is a numbered source in the text, with its heading path
    sources = re.findall(r"^\[(\d+)\] (.+)$", content.split("\n\nNguồn:\n")[1], re.M)
    assert [int(n) for n, _ in sources] == list(range(1, len(citations) + 1))
    assert all(c["section"] in line for c, (_, line) in zip(citations, sources))
    assert any("chỉ tiêu 14" in (c["quote"] or "") for c in citations)
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens > 0


@pytest.mark.parametrize("question", ["Công an tỉnh Hải Dương có nhiệm vụ gì?",
                                      "which agency handles indicator 14 in Ninh Bình"])
def test_each_source_is_numbered_once(client, question):
    content = _ask(client, question).choices[0].message.content
    numbers = re.findall(r"^\[(\d+)\] ", content, re.M)
    assert numbers and len(numbers) == len(set(numbers)), content
    assert not re.search(r"(?:evidence|gần nhất|Nguồn|Sources):\n\n", content)  # no announcement left empty


def test_the_reply_says_which_index_answered(client, app):
    raw = client.chat.completions.with_raw_response.create(model="planqa", messages=[{"role": "user", "content": HD_14}])
    assert raw.headers["X-Planqa-Index"] == app.state.live.current().generation
    assert raw.parse().model_extra["found"] is True


def test_streaming_sends_the_same_content_in_chunks(client):
    whole = _ask(client, HD_14)
    chunks = list(_ask(client, HD_14, stream=True, stream_options={"include_usage": True}))
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    deltas = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert len([d for d in deltas if d]) > 1  # really streamed, not one block
    assert "".join(deltas) == whole.choices[0].message.content
    final = [c for c in chunks if c.choices and c.choices[0].finish_reason]
    assert len(final) == 1 and final[0].choices[0].finish_reason == "stop"
    assert final[0].model_extra["citations"] == whole.model_extra["citations"]
    assert final[0].model_extra["found"] is True
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens > 0


def test_a_follow_up_keeps_the_plan_and_the_question(client):
    reply = _ask(client, HD_14, "còn chỉ tiêu 15 thì sao?")
    extra = reply.model_extra
    assert extra["question"] == "Cơ quan nào phụ trách chỉ tiêu 15 của Hải Dương?"
    answer = reply.choices[0].message.content.split("\n\nNguồn:")[0]
    assert re.search(r"(?i)chỉ tiêu 15\b", answer) and "Sở Giáo dục và Đào tạo" in answer
    assert extra["found"] is True and {c["doc_id"] for c in extra["citations"]} == {HAI_DUONG}


def test_a_follow_up_about_another_place_carries_the_indicator(client):
    reply = _ask(client, "Which agency handles indicator 14 in Hai Duong?", "and what about Hương Khê?")
    assert "Phòng Tư pháp" in reply.choices[0].message.content
    assert {c["doc_id"] for c in reply.model_extra["citations"]} == {HUONG_KHE}


@pytest.mark.parametrize("questions", [
    ["which agency handles indicator 14 in Ninh Bình"],
    [HD_14, "and what about Ninh Bình?"],
])
def test_ninh_binh_is_answered_honestly(client, questions):
    reply = _ask(client, *questions)
    content = reply.choices[0].message.content
    assert reply.model_extra["found"] is False
    assert {c["doc_id"] for c in reply.model_extra["citations"]} <= {NINH_BINH}
    assert "Sở Tư pháp" not in content.split("\n\n")[0]  # never Hải Dương's answer in its place
    assert "Ninh Bình" in content


@pytest.mark.parametrize("messages, model, error, code", [
    ([{"role": "user", "content": HD_14}], "gpt-4o", openai.NotFoundError, "model_not_found"),
    ([{"role": "system", "content": "Bạn là trợ lý."}], "planqa", openai.BadRequestError, "no_user_message"),
    ([{"role": "user", "content": HD_14}, {"role": "user", "content": "  "}], "planqa", openai.BadRequestError,
     "empty_user_message"),
    ([{"role": "user", "content": "chỉ tiêu " * 200}], "planqa", openai.BadRequestError, "question_too_long"),
    ([{"role": "narrator", "content": HD_14}], "planqa", openai.UnprocessableEntityError, "invalid_body"),
])
def test_errors_in_openai_shape(client, messages, model, error, code):
    with pytest.raises(error) as raised:
        client.chat.completions.create(model=model, messages=messages)
    body = raised.value.body  # the client unwraps {"error": {...}}
    assert body["code"] == code and body["message"] and body["type"].endswith("_error")


@pytest.mark.parametrize("extra", [{"n": False}, {"temperature": "0.2"}, {"stream": 1}])
def test_sampling_fields_of_the_wrong_json_type_are_refused(client, extra):
    """`n: false` or `temperature: "0.2"` is not what the documented schema allows, even though ignored."""
    with pytest.raises(openai.UnprocessableEntityError) as raised:
        client.chat.completions.create(model="planqa", messages=[{"role": "user", "content": HD_14}], extra_body=extra)
    assert raised.value.body["code"] == "invalid_body"


def test_the_spec_documents_the_errors(app):
    spec = app.openapi()
    responses = spec["paths"]["/v1/chat/completions"]["post"]["responses"]
    for status in ("400", "404", "422"):
        assert responses[status]["content"]["application/json"]["schema"]["$ref"].endswith("/OpenAIError")
    assert "text/event-stream" in responses["200"]["content"]
    assert spec["paths"]["/v1/models/{model}"]["get"]["responses"]["404"]
