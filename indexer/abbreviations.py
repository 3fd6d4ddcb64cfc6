"""Abbreviations of administrative Vietnamese, spelled out so a plan writing `NTM` is found by `nông thôn mới`.

Plans of every programme shorten the terms they repeat (`xây dựng NTM`, `bảo đảm TTATGT`, `phát triển KT-XH`); a
reader asks in full words, or the other way round. Only abbreviations with one reading in administrative texts are
here, matched as whole upper-case words (`DN` or `HS` could be many things and are left out).
"""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "NTM": "nông thôn mới",
    "ATGT": "an toàn giao thông",
    "TTATGT": "trật tự an toàn giao thông",
    "TNGT": "tai nạn giao thông",
    "CSGT": "cảnh sát giao thông",
    "ATTP": "an toàn thực phẩm",
    "VSATTP": "vệ sinh an toàn thực phẩm",
    "KT-XH": "kinh tế - xã hội",
    "KTXH": "kinh tế - xã hội",
    "PCCC": "phòng cháy chữa cháy",
    "PCCC&CNCH": "phòng cháy chữa cháy và cứu nạn cứu hộ",
    "CNCH": "cứu nạn cứu hộ",
    "PCTT": "phòng chống thiên tai",
    "TKCN": "tìm kiếm cứu nạn",
    "CCHC": "cải cách hành chính",
    "TTHC": "thủ tục hành chính",
    "CĐS": "chuyển đổi số",
    "CNTT": "công nghệ thông tin",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "BHTN": "bảo hiểm thất nghiệp",
    "PBGDPL": "phổ biến giáo dục pháp luật",
    "GDPL": "giáo dục pháp luật",
    "DTTS": "dân tộc thiểu số",
    "VSMT": "vệ sinh môi trường",
    "BVMT": "bảo vệ môi trường",
    "TNMT": "tài nguyên và môi trường",
    "TN&MT": "tài nguyên và môi trường",
    "ANTT": "an ninh trật tự",
    "ANCT": "an ninh chính trị",
    "TTATXH": "trật tự an toàn xã hội",
    "QP-AN": "quốc phòng - an ninh",
    "QPAN": "quốc phòng - an ninh",
    "GDNN": "giáo dục nghề nghiệp",
    "THCS": "trung học cơ sở",
    "THPT": "trung học phổ thông",
    "HTX": "hợp tác xã",
    "MTTQ": "Mặt trận Tổ quốc",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "BCĐ": "Ban Chỉ đạo",
    "TW": "Trung ương",
    "NN&PTNT": "nông nghiệp và phát triển nông thôn",
    "GD&ĐT": "giáo dục và đào tạo",
    "LĐTB&XH": "lao động - thương binh và xã hội",
    "VH-TT&DL": "văn hóa, thể thao và du lịch",
    "VHTTDL": "văn hóa, thể thao và du lịch",
    "TT&TT": "thông tin và truyền thông",
    "KH&ĐT": "kế hoạch và đầu tư",
    "KH&CN": "khoa học và công nghệ",
    "TP": "thành phố",
    "TX": "thị xã",
}
_PATTERN = re.compile(
    # never inside a số hiệu (`36-CT/TW`, `12/KH-UBND`)
    r"(?<![\w&/-])(" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?![\w&/-])"
)


def spell_out(text: str) -> str:
    """The text with each abbreviation followed by its words: `xây dựng NTM` -> `xây dựng NTM (nông thôn mới)`;
    unchanged when it has none. Both forms stay, so a search in either finds it."""
    return _PATTERN.sub(lambda m: f"{m.group(1)} ({ABBREVIATIONS[m.group(1)]})", text)


def spelled_only(text: str) -> str:
    """The text with each abbreviation replaced by its words: `khu dân cư NTM` -> `khu dân cư nông thôn mới`."""
    return _PATTERN.sub(lambda m: ABBREVIATIONS[m.group(1)], text)


__all__ = ["ABBREVIATIONS", "spell_out", "spelled_only"]
