"""Plan metadata extracted from the texts (nothing written per file), checked by hand."""

from __future__ import annotations

import pytest

from conftest import HAI_DUONG, HUONG_KHE, NGUYEN_NGHIEM, NINH_BINH, QUANG_VINH, plan_clauses
from indexer.metadata import extract_metadata


def meta(doc_id):
    _, clauses = plan_clauses(doc_id)
    return extract_metadata(doc_id, f"{doc_id}.txt", clauses)


@pytest.mark.parametrize("doc_id, number, level, locality, district, province, province_from, date", [
    (HAI_DUONG, "2716/KH-UBND", "tỉnh", "Hải Dương", None, "Hải Dương", "text", "2021-07-27"),
    (HUONG_KHE, "80/KH-UBND", "huyện", "Hương Khê", None, "Hà Tĩnh", "text", "2021-05-28"),
    # the plan names its district, not its province: the gazetteer supplies it
    (QUANG_VINH, "90/KH-UBND", "xã", "Quảng Vinh", "Quảng Điền", "Thừa Thiên Huế", "gazetteer", "2020-03-09"),
    (NGUYEN_NGHIEM, None, "phường", "Nguyễn Nghiêm", "Quảng Ngãi", "Quảng Ngãi", "text", "2024-05"),
    (NINH_BINH, "114/KH-UBND", "tỉnh", "Ninh Bình", None, "Ninh Bình", "text", "2020-11-13"),
])
def test_identity(doc_id, number, level, locality, district, province, province_from, date):
    m = meta(doc_id)
    assert (m.number, m.level, m.locality, m.district, m.province, m.province_from, m.date) == \
        (number, level, locality, district, province, province_from, date)
    assert m.issuer == f"Ủy ban nhân dân {level} {locality}"


def test_legal_basis_titles_and_signers():
    hd = meta(HAI_DUONG)
    assert [(b.type, b.number, b.date) for b in hd.legal_basis] == [("Quyết định", "23/QĐ-TTg", "2021-01-07")]
    assert hd.title.startswith("THỰC HIỆN CHƯƠNG TRÌNH HÀNH ĐỘNG QUỐC GIA VÌ TRẺ EM TỈNH HẢI DƯƠNG")
    assert hd.signer is None
    hk = meta(HUONG_KHE)
    assert [(b.number, b.issuer) for b in hk.legal_basis] == [("159/KH-UBND", "Ủy ban nhân dân tỉnh Hà Tĩnh")]
    nn = meta(NGUYEN_NGHIEM)
    assert {b.number for b in nn.legal_basis} == {"28-CT/TW", "102/KH-UBND"}
    assert (nn.signer, nn.signer_role) == ("Võ Thuỳ Dương", "KT. Chủ tịch, Phó Chủ tịch")
    assert "**" not in nn.title and nn.title.startswith("Triển khai thực hiện Chỉ thị số 28-CT/TW")
    nb = meta(NINH_BINH)
    assert [b.number for b in nb.legal_basis] == ["1472/QĐ-TTg", "121/2020/QH14"]
    assert nb.signer == "Tống Quang Thìn"
    qv = meta(QUANG_VINH)
    assert qv.title == "Thực hiện công tác bảo vệ, chăm sóc và giáo dục trẻ em năm 2020"


def test_gazetteer_knows_the_pre_2025_divisions():
    from indexer.gazetteer import province_names, province_of

    assert province_of("Quảng Vinh", "xã", "Quảng Điền") == "Thừa Thiên Huế"
    assert province_of("Hương Khê", "huyện") == "Hà Tĩnh"
    assert province_of("Nguyễn Nghiêm", "phường", "Quảng Ngãi") == "Quảng Ngãi"
    assert province_of("Nguyễn Nghiêm", "phường") == "Quảng Ngãi"  # two wards of that name, one province
    assert province_of("Quảng Vinh", None) is None  # a commune in Huế and a ward in Thanh Hóa: unsure
    assert province_of("Hoà Bình", "tỉnh") is None and province_of("Thuỷ Xuân", "phường") == "Thừa Thiên Huế"
    assert province_of("Không Có", "xã") is None
    names = province_names()
    assert len(set(names)) == 64 and "Thừa Thiên Huế" in names and "Hải Dương" in names
