"""English -> Vietnamese terms of the plans' domain, so English questions can reach Vietnamese clauses.

e5-small matches English questions to Vietnamese clauses weakly and BM25 not at all; the plans use a small,
stable vocabulary (agencies, plan structure, child-protection programmes), so a domain glossary turns most
English questions into Vietnamese search terms. Keys are lower-case English phrases matched on word
boundaries, longest first (`department of health` before `health`); regular -s, -ed and -ing forms also match.
"""

from __future__ import annotations

import re
from functools import lru_cache

GLOSSARY: dict[str, str] = {
    # plan structure and documents
    "indicator": "chỉ tiêu", "target": "chỉ tiêu mục tiêu đạt", "goal": "mục tiêu", "objective": "mục tiêu",
    "plan": "kế hoạch", "action plan": "kế hoạch hành động", "programme": "chương trình", "program": "chương trình",
    "national programme of action": "Chương trình hành động quốc gia", "project": "đề án dự án",
    "plan number": "Số KH-UBND", "number": "số", "reference number": "Số KH-UBND", "document number": "số hiệu",
    "issued": "ban hành ngày tháng năm", "issue date": "ngày tháng năm ban hành", "dated": "ngày tháng năm",
    "date": "ngày tháng năm", "signed": "ký", "signer": "người ký", "sign": "ký", "signature": "ký",
    "title": "trích yếu kế hoạch", "legal basis": "căn cứ", "basis": "căn cứ", "cite": "căn cứ theo",
    "implement": "thực hiện triển khai", "implementation": "triển khai thực hiện", "rollout": "triển khai",
    "decision": "Quyết định", "directive": "Chỉ thị", "resolution": "Nghị quyết", "law": "Luật",
    "decree": "Nghị định", "circular": "Thông tư", "strategy": "Chiến lược", "scheme": "đề án",
    "prime minister": "Thủ tướng Chính phủ", "government": "Chính phủ", "national assembly": "Quốc hội",
    "politburo": "Bộ Chính trị", "secretariat": "Ban Bí thư", "central committee": "Trung ương",
    "party": "Đảng", "party committee": "Đảng ủy", "provincial party committee": "Tỉnh ủy",
    "city party committee": "Thành ủy", "district party committee": "Huyện ủy", "standing board": "Ban Thường vụ",
    "people's council": "Hội đồng nhân dân", "people's councils": "Hội đồng nhân dân",
    "people's committee": "Ủy ban nhân dân UBND", "people's committees": "Ủy ban nhân dân UBND",
    "chairman": "Chủ tịch", "chairperson": "Chủ tịch", "vice chairman": "Phó Chủ tịch",
    "vice-chairman": "Phó Chủ tịch", "vice chair": "Phó Chủ tịch", "appendix": "Phụ lục", "annex": "Phụ lục",
    "section": "mục", "purpose": "mục đích", "requirement": "yêu cầu", "task": "nhiệm vụ", "duty": "nhiệm vụ",
    "duties": "nhiệm vụ", "responsibility": "trách nhiệm", "responsibilities": "trách nhiệm", "role": "nhiệm vụ",
    "solution": "giải pháp", "measure": "giải pháp biện pháp", "funding": "kinh phí ngân sách",
    "budget": "kinh phí ngân sách dự toán", "fund": "quỹ kinh phí", "cost": "kinh phí", "resource": "nguồn lực",
    "organisation of implementation": "tổ chức thực hiện", "organization of implementation": "tổ chức thực hiện",
    "recipients": "Nơi nhận", "period": "giai đoạn", "phase": "giai đoạn", "vision": "tầm nhìn",
    "by 2025": "năm 2025", "by 2030": "năm 2030",
    # who and how
    "lead": "chủ trì", "leads": "chủ trì", "in charge": "chủ trì phụ trách", "responsible": "chịu trách nhiệm",
    "coordinate": "phối hợp", "coordinates": "phối hợp", "coordination": "phối hợp", "cooperate": "phối hợp",
    "advise": "tham mưu", "advises": "tham mưu", "guide": "hướng dẫn", "guidance": "hướng dẫn",
    "instruct": "hướng dẫn chỉ đạo", "direct": "chỉ đạo", "oversee": "chỉ đạo hướng dẫn theo dõi",
    "supervise": "giám sát", "supervision": "giám sát", "monitor": "theo dõi giám sát", "monitoring": "theo dõi giám sát",
    "inspect": "kiểm tra thanh tra", "inspection": "thanh tra kiểm tra", "inspections": "thanh tra kiểm tra",
    "intersectoral": "liên ngành", "interdisciplinary": "liên ngành", "cross-sector": "liên ngành",
    "evaluate": "đánh giá", "evaluation": "đánh giá", "assess": "đánh giá", "review": "sơ kết tổng kết",
    "mid-term review": "sơ kết", "final review": "tổng kết", "summarise": "tổng hợp", "compile": "tổng hợp",
    "statistics": "thống kê số liệu", "data": "dữ liệu số liệu", "database": "cơ sở dữ liệu",
    "report": "báo cáo", "reports": "báo cáo", "reporting": "báo cáo", "send": "gửi", "submit": "gửi trình",
    "deadline": "trước ngày", "due": "trước ngày", "by what date": "trước ngày", "annual": "hằng năm hàng năm",
    "annually": "hằng năm hàng năm", "each year": "hằng năm hàng năm", "every year": "hằng năm hàng năm",
    "yearly": "hằng năm", "periodic": "định kỳ", "periodically": "định kỳ", "regularly": "thường xuyên định kỳ",
    "six-monthly": "6 tháng", "half-year": "6 tháng", "quarterly": "quý", "how often": "định kỳ hằng năm",
    "propose": "đề xuất", "proposes": "đề xuất", "recommend": "kiến nghị đề xuất", "allocate": "bố trí phân bổ",
    "arrange": "bố trí", "mobilise": "huy động vận động", "mobilize": "huy động vận động",
    "socio-political": "chính trị - xã hội", "organisation": "tổ chức", "organization": "tổ chức",
    "encourage": "khuyến khích", "contact": "liên hệ", "get in touch": "liên hệ", "problem": "khó khăn vướng mắc",
    "difficulty": "khó khăn vướng mắc", "difficulties": "khó khăn vướng mắc", "obstacle": "vướng mắc",
    "member": "hội viên đoàn viên", "install": "lắp đặt trang bị", "equip": "trang bị", "security": "an ninh",
    "surveillance": "giám sát", "camera": "camera giám sát", "location": "khu vực địa điểm", "public place": "nơi công cộng",
    "integrate": "lồng ghép", "mainstream": "lồng ghép", "disseminate": "tuyên truyền phổ biến",
    "propaganda": "tuyên truyền", "communication": "truyền thông tuyên truyền", "awareness": "nhận thức tuyên truyền",
    "raise awareness": "nâng cao nhận thức", "training": "tập huấn bồi dưỡng đào tạo", "train": "tập huấn bồi dưỡng",
    "capacity": "năng lực", "staff": "cán bộ đội ngũ", "officials": "cán bộ", "collaborators": "cộng tác viên",
    "commend": "khen thưởng", "commendation": "khen thưởng", "reward": "khen thưởng", "handle": "xử lý giải quyết",
    "handles": "phụ trách xử lý", "settle": "giải quyết", "punish": "xử lý nghiêm", "strictly": "nghiêm",
    "prevent": "phòng ngừa ngăn chặn phòng chống", "prevention": "phòng ngừa phòng chống", "combat": "phòng chống",
    "respond": "ứng phó", "response": "ứng phó", "intervene": "can thiệp", "intervention": "can thiệp",
    "emergency": "khẩn cấp", "receive": "tiếp nhận", "set up": "thiết lập xây dựng", "establish": "thành lập thiết lập",
    "build": "xây dựng", "develop": "phát triển xây dựng", "maintain": "duy trì", "expand": "mở rộng nhân rộng",
    "replicate": "nhân rộng", "model": "mô hình", "models": "mô hình", "campaign": "cuộc vận động phong trào",
    "movement": "phong trào", "emulation": "thi đua", "link": "gắn với", "review and supplement": "rà soát bổ sung",
    # agencies
    "department": "Sở", "departments": "Sở", "agency": "cơ quan đơn vị", "agencies": "cơ quan đơn vị",
    "body": "cơ quan", "office": "Phòng", "unit": "đơn vị", "sector": "ngành", "division": "Phòng",
    "department of labour": "Sở Lao động - Thương binh và Xã hội", "department of labor": "Sở Lao động - Thương binh và Xã hội",
    "labour, invalids and social affairs": "Lao động - Thương binh và Xã hội LĐ-TB&XH",
    "labor, invalids and social affairs": "Lao động - Thương binh và Xã hội LĐ-TB&XH",
    "labour": "Lao động - Thương binh và Xã hội LĐ-TB&XH", "labor": "Lao động - Thương binh và Xã hội LĐ-TB&XH",
    "invalids": "Thương binh", "social affairs": "Xã hội", "molisa": "Lao động - Thương binh và Xã hội",
    "doet": "Giáo dục và Đào tạo", "dolisa": "Lao động - Thương binh và Xã hội",
    "justice": "Tư pháp", "department of justice": "Sở Tư pháp", "justice office": "Phòng Tư pháp",
    "health": "Y tế sức khỏe", "department of health": "Sở Y tế", "health department": "Sở Y tế",
    "health office": "Phòng Y tế", "health station": "Trạm Y tế", "health centre": "Trung tâm Y tế",
    "health center": "Trung tâm Y tế", "medical centre": "Trung tâm Y tế", "hospital": "bệnh viện",
    "education": "Giáo dục", "education and training": "Giáo dục và Đào tạo",
    "department of education": "Sở Giáo dục và Đào tạo", "education department": "Sở Giáo dục và Đào tạo",
    "education office": "Phòng Giáo dục và Đào tạo", "culture": "Văn hóa", "sports": "Thể thao",
    "culture, sports and tourism": "Văn hóa, Thể thao và Du lịch", "tourism": "Du lịch",
    "department of tourism": "Sở Du lịch", "culture and information": "Văn hóa và Thông tin",
    "culture and social affairs": "Văn hoá - Xã hội", "cultural and social": "Văn hoá - Xã hội",
    "information and communications": "Thông tin và Truyền thông", "information and communication": "Thông tin và Truyền thông",
    "finance": "Tài chính", "department of finance": "Sở Tài chính", "finance and planning": "Tài chính - Kế hoạch",
    "planning and investment": "Kế hoạch và Đầu tư", "home affairs": "Nội vụ", "interior": "Nội vụ",
    "police": "Công an", "provincial police": "Công an tỉnh", "district police": "Công an huyện",
    "commune police": "Công an xã", "ward police": "Công an phường", "public security": "Công an",
    "military": "quân sự", "border guard": "Bộ đội Biên phòng", "court": "Tòa án", "procuracy": "Viện kiểm sát",
    "radio": "Đài Phát thanh", "television": "Truyền hình", "radio and television": "Đài Phát thanh và Truyền hình",
    "broadcasting": "Đài truyền thanh", "loudspeaker": "truyền thanh", "newspaper": "Báo", "press": "báo chí",
    "media": "báo chí truyền thông", "fatherland front": "Mặt trận Tổ quốc", "front": "Mặt trận Tổ quốc",
    "youth union": "Đoàn Thanh niên", "youth": "Đoàn Thanh niên thanh niên", "women's union": "Hội Liên hiệp Phụ nữ",
    "women's": "Hội Liên hiệp Phụ nữ", "women": "phụ nữ", "farmers' association": "Hội Nông dân",
    "veterans": "Hội Cựu chiến binh", "red cross": "Hội Chữ thập đỏ", "mass organisations": "đoàn thể",
    "mass organizations": "đoàn thể", "unions": "đoàn thể", "social organisations": "tổ chức chính trị - xã hội",
    "statistics office": "Cục Thống kê", "ethnic": "Dân tộc", "ethnic minority": "dân tộc thiểu số",
    "committee for ethnic affairs": "Ban Dân tộc", "natural resources": "Tài nguyên và Môi trường",
    "environment": "môi trường", "construction": "Xây dựng", "transport": "Giao thông vận tải",
    "agriculture": "Nông nghiệp", "industry and trade": "Công Thương", "civil status": "hộ tịch",
    "justice and civil status": "Tư pháp - Hộ tịch", "civil-status": "hộ tịch", "officer": "công chức cán bộ",
    "village head": "trưởng thôn", "village": "thôn", "residential group": "tổ dân phố", "hamlet": "thôn xóm",
    "school": "trường học nhà trường", "schools": "trường học các trường", "kindergarten": "mầm non",
    "preschool": "mầm non mẫu giáo", "primary school": "tiểu học", "lower secondary": "trung học cơ sở",
    "secondary school": "trung học", "high school": "trung học phổ thông", "teacher": "giáo viên",
    "pupils": "học sinh", "students": "học sinh sinh viên", "student": "học sinh", "parents": "cha mẹ gia đình",
    # places and levels
    "province": "tỉnh", "provincial": "tỉnh", "district": "huyện", "districts": "huyện", "commune": "xã",
    "communes": "xã", "ward": "phường", "wards": "phường", "town": "thị trấn thị xã", "city": "thành phố",
    "locality": "địa phương", "localities": "địa phương", "local": "địa phương", "grassroots": "cơ sở",
    "area": "địa bàn", "nationwide": "toàn quốc", "national": "quốc gia",
    # children and topics
    "child": "trẻ em", "children": "trẻ em", "kid": "trẻ em", "kids": "trẻ em", "infant": "trẻ sơ sinh",
    "newborn": "trẻ sơ sinh", "under five": "dưới 5 tuổi", "under 5": "dưới 5 tuổi", "under 6": "dưới 6 tuổi",
    "under six": "dưới 6 tuổi", "under 16": "dưới 16 tuổi", "under 1": "dưới 1 tuổi", "adolescents": "trẻ vị thành niên",
    "juvenile": "người chưa thành niên", "minors": "người chưa thành niên", "orphan": "mồ côi", "orphans": "mồ côi",
    "children's rights": "quyền trẻ em", "rights": "quyền", "child protection": "bảo vệ trẻ em",
    "protection": "bảo vệ", "protect": "bảo vệ", "care": "chăm sóc", "caring": "chăm sóc",
    "special circumstances": "hoàn cảnh đặc biệt", "especially difficult": "đặc biệt khó khăn",
    "disadvantaged": "hoàn cảnh đặc biệt khó khăn", "difficult circumstances": "hoàn cảnh khó khăn",
    "disability": "khuyết tật", "disabilities": "khuyết tật", "disabled": "khuyết tật",
    "rehabilitation": "phục hồi chức năng", "abuse": "xâm hại", "abused": "bị xâm hại", "violence": "bạo lực",
    "domestic violence": "bạo lực gia đình", "exploitation": "bóc lột", "trafficking": "mua bán",
    "sexual abuse": "xâm hại tình dục", "sexual": "tình dục", "harmful": "độc hại xấu", "risk": "nguy cơ",
    "at risk": "nguy cơ", "victim": "nạn nhân", "victims": "nạn nhân", "crime": "tội phạm", "crimes": "tội phạm",
    "offender": "người phạm tội", "offence": "vi phạm pháp luật", "violation": "vi phạm", "violations": "vi phạm",
    "law-breaking": "vi phạm pháp luật", "investigate": "điều tra", "investigation": "điều tra",
    "prosecute": "truy tố", "trial": "xét xử", "child-friendly": "thân thiện với trẻ em", "friendly": "thân thiện",
    "legal aid": "trợ giúp pháp lý", "legal": "pháp luật pháp lý", "counselling": "tư vấn tham vấn",
    "counseling": "tư vấn tham vấn", "school counselling": "tham vấn học đường", "psychological": "tâm lý",
    "mental health": "sức khỏe tâm thần", "mental": "tâm thần tâm lý", "birth registration": "đăng ký khai sinh",
    "registered": "đăng ký", "birth": "khai sinh", "births": "khai sinh", "registration": "đăng ký",
    "adoption": "nuôi con nuôi", "child marriage": "tảo hôn", "early marriage": "tảo hôn",
    "consanguineous": "kết hôn cận huyết", "marriage": "hôn nhân kết hôn", "immunisation": "tiêm chủng",
    "immunization": "tiêm chủng", "vaccination": "tiêm chủng", "vaccinated": "tiêm chủng",
    "expanded immunisation": "tiêm chủng mở rộng", "expanded immunization": "tiêm chủng mở rộng",
    "fully": "đầy đủ", "full": "đầy đủ", "nutrition": "dinh dưỡng", "malnutrition": "suy dinh dưỡng",
    "stunting": "suy dinh dưỡng thể thấp còi", "stunted": "thấp còi", "underweight": "nhẹ cân",
    "mortality": "tử vong tỷ suất tử vong", "death": "tử vong", "deaths": "tử vong", "die": "tử vong",
    "injury": "tai nạn thương tích", "injuries": "tai nạn thương tích", "accident": "tai nạn",
    "accidents": "tai nạn", "drowning": "đuối nước", "swimming": "bơi an toàn", "hiv": "HIV",
    "mother-to-child": "mẹ sang con", "transmission": "lây truyền", "medical examination": "khám bệnh chữa bệnh",
    "treatment": "chữa bệnh", "health insurance": "bảo hiểm y tế", "insurance": "bảo hiểm",
    "screening": "khám sàng lọc", "surgery": "phẫu thuật", "free": "miễn phí", "scholarship": "học bổng",
    "scholarships": "học bổng", "gifts": "quà", "visit": "thăm hỏi", "support": "hỗ trợ trợ giúp",
    "assistance": "trợ giúp hỗ trợ", "social assistance": "trợ giúp xã hội", "social protection": "bảo trợ xã hội",
    "services": "dịch vụ", "service": "dịch vụ", "access": "tiếp cận", "comprehensive": "toàn diện",
    "early childhood": "trẻ em đến 8 tuổi phát triển toàn diện", "development": "phát triển",
    "complete": "hoàn thành", "completion": "hoàn thành", "enrol": "đi học", "enrolment": "đi học",
    "enrollment": "đi học", "attend school": "đi học", "school age": "độ tuổi", "dropout": "bỏ học",
    "boarding": "bán trú nội trú", "semi-boarding": "bán trú", "facilities": "cơ sở vật chất",
    "infrastructure": "cơ sở vật chất hạ tầng", "equipment": "trang thiết bị", "materials": "tài liệu học liệu",
    "inclusive": "hòa nhập", "life skills": "kỹ năng sống", "skills": "kỹ năng", "sex education": "giáo dục giới tính",
    "play": "vui chơi", "playground": "điểm vui chơi", "playgrounds": "điểm vui chơi", "recreation": "vui chơi giải trí",
    "entertainment": "giải trí", "reading": "đọc sách", "library": "thư viện", "sports facilities": "thể thao",
    "participation": "tham gia", "participate": "tham gia", "voice": "tiếng nói ý kiến", "opinions": "ý kiến",
    "forum": "diễn đàn", "dialogue": "đối thoại", "online": "trên mạng môi trường mạng", "internet": "mạng internet",
    "cyberspace": "môi trường mạng", "social media": "mạng xã hội", "social network": "mạng xã hội",
    "hotline": "tổng đài", "helpline": "tổng đài điện thoại", "111": "Tổng đài 111", "channels": "kênh",
    "information": "thông tin", "news": "tin bài", "publications": "ấn phẩm xuất bản", "games": "trò chơi",
    "drugs": "ma túy", "drug": "ma túy", "alcohol": "rượu bia", "tobacco": "thuốc lá", "smoking": "hút thuốc lá",
    "disaster": "thiên tai thảm họa", "disasters": "thiên tai thảm họa", "climate change": "biến đổi khí hậu",
    "epidemic": "dịch bệnh", "pandemic": "dịch bệnh", "covid": "Covid-19", "migrant": "di cư", "migrants": "di cư",
    "poor": "nghèo", "poverty": "nghèo", "households": "hộ gia đình", "family": "gia đình", "families": "gia đình",
    "community": "cộng đồng", "welfare": "phúc lợi", "social work": "công tác xã hội", "volunteers": "tình nguyện",
    "private": "tư thục", "childcare": "giữ trẻ", "day-care": "giữ trẻ", "daycare": "giữ trẻ",
    "labour of children": "lao động trẻ em", "child labour": "lao động trẻ em", "child labor": "lao động trẻ em",
    "mid-autumn": "Trung thu", "children's day": "Tháng hành động vì trẻ em", "action month": "Tháng hành động",
    "month of action": "Tháng hành động", "summer": "hè", "festival": "Tết", "percent": "%", "percentage": "tỷ lệ",
    "share": "tỷ lệ", "rate": "tỷ lệ", "proportion": "tỷ lệ", "ratio": "tỷ lệ", "reduce": "giảm", "decrease": "giảm",
    "fall": "giảm", "increase": "tăng", "raise": "nâng cao", "improve": "nâng cao cải thiện", "quality": "chất lượng",
    "at least": "ít nhất", "below": "dưới", "above": "trên", "per year": "mỗi năm hằng năm",
    "per 100,000": "/100.000", "per 1,000": "‰", "live births": "trẻ đẻ sống",
}

_KEYS = sorted(GLOSSARY, key=len, reverse=True)
_PATTERN = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(k) + r"(?:e?s|e?d|ing)?" if k[-1].isalpha() else re.escape(k) for k in _KEYS)
    + r")(?!\w)",
    re.IGNORECASE,
)


def _lookup(phrase: str) -> str | None:
    phrase = phrase.lower()
    for suffix in ("", "s", "es", "d", "ed", "ing"):
        if phrase.endswith(suffix) and (base := phrase[: len(phrase) - len(suffix)]) in GLOSSARY:
            return GLOSSARY[base]
    return None


@lru_cache(maxsize=2048)
def vietnamese_terms(question: str) -> str:
    """The Vietnamese terms for the English domain phrases in `question`, in order, each once."""
    terms: list[str] = []
    for match in _PATTERN.finditer(question.replace("’", "'")):
        term = _lookup(match.group(1))
        if term and term not in terms:
            terms.append(term)
    return " ".join(terms)


__all__ = ["GLOSSARY", "vietnamese_terms"]
