"""A plan written out as the files officials receive: a Word document, a PDF printed from it, a portal's web page.

Real files, made with python-docx and fpdf2 (the font is DejaVu Sans cut to Latin and Vietnamese, in fixtures/),
from the cells `layouts.read_front` reads out of a seed plan: the header as a two-column table, the body one
paragraph per line as typed.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

from layouts import read_front

FONT = Path(__file__).parent / "fixtures" / "DejaVuSans-vi.ttf"


def _body(raw: str) -> list[str]:
    return [line.strip() for line in read_front(raw).body.split("\n") if line.strip()]


def to_docx(raw: str) -> bytes:
    import docx

    f = read_front(raw)
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "\n".join(f.issuer)
    table.cell(0, 1).text = "\n".join(f.motto)
    table.cell(1, 0).text = f.number or ""
    table.cell(1, 1).text = f.place_date or ""
    document.add_paragraph().add_run("KẾ HOẠCH").bold = True
    document.add_paragraph().add_run(" ".join(f.title)).bold = True
    for line in _body(raw):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(raw: str, text_layer: bool = True) -> bytes:
    """A4, the header's two columns side by side, body lines wrapped by the page width. Without a text layer the
    page holds only an image, as a scan does."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    if not text_layer:
        from PIL import Image

        image = Image.new("L", (600, 800), 255)
        pdf.image(image, x=20, y=20, w=170)
        return bytes(pdf.output())
    pdf.add_font("dejavu", "", str(FONT))
    pdf.set_font("dejavu", size=11)
    f = read_front(raw)
    left = [*f.issuer, f.number or ""]
    right = [*f.motto, f.place_date or ""]
    top = pdf.get_y()
    pdf.multi_cell(70, 6, "\n".join(line for line in left if line), align="C", new_x="RIGHT", new_y="TOP")
    pdf.set_xy(95, top)
    pdf.multi_cell(95, 6, "\n".join(line for line in right if line), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top + 6 * max(len(left), len(right))) + 6)
    pdf.multi_cell(0, 6, "KẾ HOẠCH", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, " ".join(f.title), align="C", new_x="LMARGIN", new_y="NEXT")
    for line in _body(raw):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def to_html(raw: str) -> bytes:
    """A province portal's page: menus, a news sidebar, the document (header table, paragraphs), comments."""
    f = read_front(raw)
    esc = html.escape
    header = (f"<table><tr><td>{'<br>'.join(map(esc, f.issuer))}</td><td>{'<br>'.join(map(esc, f.motto))}</td></tr>"
              f"<tr><td>{esc(f.number or '')}</td><td>{esc(f.place_date or '')}</td></tr></table>")
    body = "\n".join(f"<p>{esc(line)}</p>" for line in _body(raw))
    page = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Văn bản điều hành</title></head>
<body><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/van-ban">Văn bản</a></li></ul></nav>
<aside><h3>Tin mới</h3><ul><li><a href="/a">Hội nghị tổng kết công tác năm</a></li>
<li><a href="/b">Lễ phát động Tháng hành động</a></li></ul></aside>
<main><article><h1>{esc(' '.join(f.title).capitalize())}</h1>
{header}
<p><strong>KẾ HOẠCH</strong></p><p><strong>{esc(' '.join(f.title))}</strong></p>
{body}
</article></main>
<section class="comments"><h3>Ý kiến bạn đọc</h3><form><textarea>Nội dung góp ý</textarea></form></section>
<footer>Cổng thông tin điện tử. Địa chỉ: số 1, đường Trần Hưng Đạo. Điện thoại: 0220.3850.000</footer></body></html>"""
    return page.encode("utf-8")


RENDERERS = {"docx": to_docx, "pdf": to_pdf, "html": to_html}

__all__ = ["RENDERERS", "to_docx", "to_pdf", "to_html", "FONT"]
