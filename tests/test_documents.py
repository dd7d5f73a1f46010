"""Reading reports: encodings, HTML, PDF, DOCX, and one-line errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.documents import load_document, read_text
from govx import main
from schemas.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
EXTERNAL = ROOT.parent / "shared" / "external"
SIMPLIFIED = "一、2024年工作回顾\n地区生产总值增长5.3%，规模以上工业增加值增长7%。"
TRADITIONAL = "一、2024年工作回顧\n地區生產總值增長5.3%，規模以上工業增加值增長7%。"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", SIMPLIFIED),
        ("utf-8-sig", SIMPLIFIED),
        ("gbk", SIMPLIFIED),
        ("gb18030", SIMPLIFIED),
        ("utf-16", SIMPLIFIED),
        ("utf-16-le", SIMPLIFIED),
        ("big5", TRADITIONAL),
        ("utf-8", TRADITIONAL),
    ],
)
def test_text_files_decode_in_any_common_encoding(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text(path) == text
    assert load_document(path).text == SIMPLIFIED


def test_html_keeps_article_text_and_tables_and_drops_scripts(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>指标{i}</td><td>增长{i}%</td></tr>" for i in range(1, 4))
    body = "".join(
        f"<p>第{i}段：地区生产总值增长5.{i}%，全区经济稳中向好，发展质量稳步提升。</p>"
        for i in range(1, 6)
    )
    html = (
        "<html><head><meta charset='gbk'><title>示例区政府工作报告</title>"
        "<script>var tracker = 1;</script></head><body>"
        "<nav><a href='/'>首页</a> &gt; <a href='/news'>要闻</a></nav>"
        f"<article><h1>示例区政府工作报告</h1>{body}<table>{rows}</table></article>"
        "<footer>网站地图 | 联系我们</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("gbk"))
    text = load_document(path).text
    assert "地区生产总值增长5.3%" in text
    assert "增长3%" in text
    assert "tracker" not in text
    assert "网站地图" not in text


@pytest.mark.external
def test_docx_reads_paragraphs_and_tables_in_order() -> None:
    text = read_text(EXTERNAL / "docx" / "fujian-2025.docx")
    assert "政府工作报告" in text[:200]
    assert len(text) > 20000
    assert "主要预期目标" in load_document(EXTERNAL / "docx" / "fujian-2025.docx").text


def test_docx_tables_come_out_in_order_with_tabs_between_cells(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("二、2025年主要预期目标")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(
        table.rows, [("指标", "目标"), ("地区生产总值增长", "5%左右")], strict=True
    ):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.add_paragraph("全力完成全年目标任务。")
    path = tmp_path / "report.docx"
    document.save(str(path))
    assert (
        read_text(path)
        == "二、2025年主要预期目标\n指标\t目标\n地区生产总值增长\t5%左右\n全力完成全年目标任务。"
    )


def _pdf(stream: bytes) -> bytes:
    """A one-page PDF written by hand, with correct cross-reference offsets."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_pdf_text_layer_is_read(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf(b"BT /F1 12 Tf 20 100 Td (GDP grew 5.3 percent) Tj ET"))
    assert "GDP grew 5.3 percent" in read_text(path)


def test_pdf_without_text_layer_names_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf(b"0 0 m 10 10 l S"))
    with pytest.raises(InputError, match=r"has no text layer .* run OCR"):
        read_text(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "{path}: no such file; check the path"),
        ("empty.txt", b"  \n", "{path} is empty; give a file with the report's text"),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "{path} is a PNG image, not a report; give a .txt, .html, .pdf or .docx file",
        ),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            "{path} is an old binary Word/Excel file; save it as .docx and retry",
        ),
        (
            "noise.bin",
            bytes(range(256)) * 4,
            "{path} looks binary, not text; give a .txt, .html, .pdf or .docx report",
        ),
    ],
)
def test_bad_input_is_one_line_error_with_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes | None,
    message: str,
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["normalize", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == f"Error: {message.format(path=path)}\n"


def test_normalize_command_prints_simplified_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "trad.txt"
    path.write_text("潯陽區(qū)經(jīng)濟發(fā)展\n", encoding="big5hkscs", errors="strict")
    assert main(["normalize", str(path)]) == 0
    assert capsys.readouterr().out == "浔阳区经济发展\n"
