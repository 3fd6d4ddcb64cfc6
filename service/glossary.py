"""English -> Vietnamese terms of public administration, so English questions can reach Vietnamese clauses.

e5-small matches English questions to Vietnamese clauses weakly and BM25 not at all; plans of every topic share a
small, stable vocabulary (document forms, plan structure, agencies of every level, verbs of assignment, time and
figures) plus the core terms of their policy field (health, education, disasters, poverty, elections, civil
registration, digital transformation, land, security ...), so a glossary of that vocabulary turns most English
questions into Vietnamese search terms. Keys are lower-case English phrases matched on word boundaries, longest
first (`department of health` before `health`); regular -s, -ed and -ing forms also match. Ages and years are
read by rule (`under 6`, `aged 15-24`, `by 2030`), not listed one by one.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Document forms, plan structure and the parts of a document (Nghị định 30/2020/NĐ-CP).
DOCUMENTS: dict[str, str] = {
    "indicator": "chỉ tiêu", "target": "chỉ tiêu mục tiêu đạt", "goal": "mục tiêu", "objective": "mục tiêu",
    "specific objectives": "mục tiêu cụ thể", "general objective": "mục tiêu chung", "overall objective": "mục tiêu chung",
    "plan": "kế hoạch", "action plan": "kế hoạch hành động", "programme": "chương trình", "program": "chương trình",
    "national programme of action": "Chương trình hành động quốc gia", "national target programme": "Chương trình mục tiêu quốc gia",
    "national target program": "Chương trình mục tiêu quốc gia", "project": "đề án dự án", "scheme": "đề án",
    "plan number": "số hiệu Số KH", "number": "số", "reference number": "số hiệu Số", "document number": "số hiệu",
    "issued": "ban hành ngày tháng năm", "issue date": "ngày tháng năm ban hành", "dated": "ngày tháng năm",
    "date": "ngày tháng năm", "promulgate": "ban hành", "issuing body": "cơ quan ban hành", "issuer": "cơ quan ban hành",
    "signed": "ký", "signer": "người ký", "sign": "ký", "signature": "ký", "on behalf of": "TM. thay mặt",
    "title": "trích yếu kế hoạch", "legal basis": "căn cứ", "basis": "căn cứ", "cite": "căn cứ theo",
    "decision": "Quyết định", "directive": "Chỉ thị", "resolution": "Nghị quyết", "law": "Luật",
    "decree": "Nghị định", "circular": "Thông tư", "strategy": "Chiến lược", "conclusion": "Kết luận",
    "official letter": "công văn", "official dispatch": "công văn", "dispatch": "công văn", "notice": "thông báo",
    "announcement": "thông báo", "regulation": "quy định quy chế", "rules": "quy chế quy định", "statute": "quy chế",
    "procedure": "quy trình thủ tục", "process": "quy trình", "form": "mẫu biểu mẫu", "template": "mẫu biểu mẫu",
    "minutes": "biên bản", "document": "văn bản", "documents": "văn bản", "appendix": "Phụ lục", "annex": "Phụ lục",
    "attached": "kèm theo", "enclosed": "kèm theo", "section": "mục", "part": "phần", "chapter": "chương",
    "article": "Điều", "clause": "khoản", "point": "điểm", "heading": "mục",
    "purpose": "mục đích", "requirement": "yêu cầu", "task": "nhiệm vụ", "duty": "nhiệm vụ", "duties": "nhiệm vụ",
    "responsibility": "trách nhiệm", "responsibilities": "trách nhiệm", "role": "nhiệm vụ",
    "solution": "giải pháp", "measure": "giải pháp biện pháp", "activity": "hoạt động", "activities": "hoạt động",
    "content": "nội dung", "contents": "nội dung", "scope": "phạm vi", "subject": "đối tượng",
    "organisation of implementation": "tổ chức thực hiện", "organization of implementation": "tổ chức thực hiện",
    "recipients": "Nơi nhận", "recipient": "Nơi nhận", "distribution list": "Nơi nhận",
    "period": "giai đoạn", "phase": "giai đoạn", "stage": "giai đoạn", "vision": "tầm nhìn", "term": "nhiệm kỳ",
    "situation": "thực trạng tình hình", "current situation": "thực trạng", "results": "kết quả", "result": "kết quả",
    "achievements": "kết quả đạt được", "limitations": "hạn chế tồn tại", "shortcomings": "hạn chế tồn tại",
    "causes": "nguyên nhân", "lessons": "bài học kinh nghiệm",
    "amend": "sửa đổi bổ sung", "supplement": "bổ sung", "replace": "thay thế", "abolish": "bãi bỏ",
    "effect": "hiệu lực", "effective": "hiệu lực", "take effect": "có hiệu lực",
}

# Who does what: assignment, coordination, the work of an agency and the people in it.
ASSIGNMENT: dict[str, str] = {
    "lead": "chủ trì", "leads": "chủ trì", "in charge": "chủ trì phụ trách", "responsible": "chịu trách nhiệm",
    "preside": "chủ trì", "take the lead": "chủ trì", "assign": "giao phân công", "assigned": "giao phân công",
    "assignment": "phân công giao nhiệm vụ", "entrust": "giao", "delegate": "ủy quyền phân cấp",
    "coordinate": "phối hợp", "coordinates": "phối hợp", "coordination": "phối hợp", "cooperate": "phối hợp",
    "in coordination with": "phối hợp với", "relevant": "có liên quan", "concerned": "liên quan", "related": "liên quan",
    "advise": "tham mưu", "advises": "tham mưu", "guide": "hướng dẫn", "guidance": "hướng dẫn", "guideline": "hướng dẫn",
    "instruct": "hướng dẫn chỉ đạo", "direct": "chỉ đạo", "oversee": "chỉ đạo hướng dẫn theo dõi",
    "supervise": "giám sát", "supervision": "giám sát", "monitor": "theo dõi giám sát", "monitoring": "theo dõi giám sát",
    "inspect": "kiểm tra thanh tra", "inspection": "thanh tra kiểm tra", "inspections": "thanh tra kiểm tra",
    "inspection team": "Đoàn kiểm tra", "inspection delegation": "Đoàn kiểm tra", "team": "đoàn tổ",
    "working group": "tổ công tác", "task force": "tổ công tác", "team leader": "Trưởng đoàn",
    "head of the team": "Trưởng đoàn", "heads the team": "Trưởng đoàn", "heads": "Trưởng đứng đầu",
    "headed by": "Trưởng đứng đầu",
    "team member": "thành viên", "members": "thành viên",
    "check": "kiểm tra", "urge": "đôn đốc", "control": "kiểm soát", "manage": "quản lý", "management": "quản lý",
    "state management": "quản lý nhà nước", "authority": "thẩm quyền", "competent": "có thẩm quyền",
    "intersectoral": "liên ngành", "interdisciplinary": "liên ngành", "cross-sector": "liên ngành",
    "evaluate": "đánh giá", "evaluation": "đánh giá", "assess": "đánh giá", "review": "rà soát sơ kết tổng kết",
    "mid-term review": "sơ kết", "final review": "tổng kết", "summarise": "tổng hợp", "summarize": "tổng hợp",
    "compile": "tổng hợp", "synthesise": "tổng hợp", "synthesize": "tổng hợp", "update": "cập nhật",
    "statistics": "thống kê số liệu", "data": "dữ liệu số liệu", "database": "cơ sở dữ liệu",
    "report": "báo cáo", "reports": "báo cáo", "reporting": "báo cáo", "send": "gửi", "submit": "gửi trình",
    "approve": "phê duyệt", "approval": "phê duyệt", "appraise": "thẩm định", "appraisal": "thẩm định",
    "consult": "lấy ý kiến", "comments": "góp ý ý kiến",
    "propose": "đề xuất", "proposes": "đề xuất", "recommend": "kiến nghị đề xuất", "allocate": "bố trí phân bổ",
    "arrange": "bố trí", "mobilise": "huy động vận động", "mobilize": "huy động vận động",
    "implement": "thực hiện triển khai", "implementation": "triển khai thực hiện", "rollout": "triển khai",
    "deploy": "triển khai", "carry out": "thực hiện", "conduct": "tổ chức thực hiện", "launch": "phát động triển khai",
    "organise": "tổ chức", "organize": "tổ chức", "organisation": "tổ chức", "organization": "tổ chức",
    "achieve": "đạt", "ensure": "bảo đảm đảm bảo", "strengthen": "tăng cường", "enhance": "tăng cường nâng cao",
    "promote": "đẩy mạnh thúc đẩy", "step up": "đẩy mạnh", "prioritise": "ưu tiên", "prioritize": "ưu tiên",
    "priority": "ưu tiên", "consolidate": "kiện toàn củng cố", "focus": "tập trung",
    "encourage": "khuyến khích", "contact": "liên hệ", "get in touch": "liên hệ", "problem": "khó khăn vướng mắc",
    "difficulty": "khó khăn vướng mắc", "difficulties": "khó khăn vướng mắc", "obstacle": "vướng mắc",
    "integrate": "lồng ghép", "mainstream": "lồng ghép", "disseminate": "tuyên truyền phổ biến",
    "propaganda": "tuyên truyền", "communication": "truyền thông tuyên truyền", "awareness": "nhận thức tuyên truyền",
    "raise awareness": "nâng cao nhận thức", "training": "tập huấn bồi dưỡng đào tạo", "train": "tập huấn bồi dưỡng",
    "capacity": "năng lực", "staff": "cán bộ đội ngũ", "officials": "cán bộ", "civil servants": "công chức",
    "public employees": "viên chức", "collaborators": "cộng tác viên", "member": "hội viên đoàn viên",
    "commend": "khen thưởng", "commendation": "khen thưởng", "reward": "khen thưởng", "handle": "xử lý giải quyết",
    "handles": "phụ trách xử lý", "settle": "giải quyết", "punish": "xử lý nghiêm", "strictly": "nghiêm",
    "penalty": "xử phạt", "sanction": "xử phạt", "discipline": "kỷ luật",
    "prevent": "phòng ngừa ngăn chặn phòng chống", "prevention": "phòng ngừa phòng chống", "combat": "phòng chống",
    "prevention and control": "phòng, chống",
    "respond": "ứng phó", "response": "ứng phó", "intervene": "can thiệp", "intervention": "can thiệp",
    "emergency": "khẩn cấp", "receive": "tiếp nhận", "set up": "thiết lập xây dựng", "establish": "thành lập thiết lập",
    "build": "xây dựng", "develop": "phát triển xây dựng", "maintain": "duy trì", "expand": "mở rộng nhân rộng",
    "replicate": "nhân rộng", "model": "mô hình", "models": "mô hình", "campaign": "cuộc vận động phong trào",
    "movement": "phong trào", "emulation": "thi đua", "link": "gắn với", "review and supplement": "rà soát bổ sung",
    "install": "lắp đặt trang bị", "equip": "trang bị", "location": "khu vực địa điểm",
    "disburse": "giải ngân", "pay": "chi trả", "payment": "chi trả thanh toán",
    # positions
    "chairman": "Chủ tịch", "chairperson": "Chủ tịch", "chair": "Chủ tịch chủ trì", "president": "Chủ tịch",
    "vice chairman": "Phó Chủ tịch", "vice-chairman": "Phó Chủ tịch", "vice chair": "Phó Chủ tịch",
    "vice president": "Phó Chủ tịch", "standing vice chairman": "Phó Chủ tịch Thường trực", "standing": "Thường trực",
    "director": "Giám đốc", "deputy director": "Phó Giám đốc", "head of": "Trưởng", "deputy head": "Phó Trưởng",
    "chief of office": "Chánh Văn phòng", "chief inspector": "Chánh Thanh tra", "secretary": "Bí thư",
    "deputy secretary": "Phó Bí thư", "deputy": "Phó", "commander": "Chỉ huy trưởng", "officer": "công chức cán bộ",
    "village head": "trưởng thôn", "focal point": "đầu mối",
}

# Time, deadlines and figures (ages and years are read by rule, below).
TIME_AND_FIGURES: dict[str, str] = {
    "deadline": "trước ngày", "due": "trước ngày", "by what date": "trước ngày", "annual": "hằng năm hàng năm",
    "annually": "hằng năm hàng năm", "each year": "hằng năm hàng năm", "every year": "hằng năm hàng năm",
    "yearly": "hằng năm", "periodic": "định kỳ", "periodically": "định kỳ", "regularly": "thường xuyên định kỳ",
    "six-monthly": "6 tháng", "half-year": "6 tháng", "first half": "6 tháng đầu năm", "quarterly": "quý",
    "quarter": "quý", "monthly": "hằng tháng", "weekly": "hằng tuần", "how often": "định kỳ hằng năm",
    "working days": "ngày làm việc", "timely": "kịp thời", "promptly": "kịp thời", "end of the year": "cuối năm",
    "year-end": "cuối năm", "per year": "mỗi năm hằng năm", "lunar new year": "Tết Nguyên đán", "tet": "Tết",
    "mid-autumn": "Trung thu", "summer": "hè", "festival": "lễ hội", "action month": "Tháng hành động",
    "month of action": "Tháng hành động", "percent": "%", "percentage": "tỷ lệ", "share": "tỷ lệ", "rate": "tỷ lệ",
    "proportion": "tỷ lệ", "ratio": "tỷ lệ", "reduce": "giảm", "decrease": "giảm", "fall": "giảm", "increase": "tăng",
    "raise": "nâng cao", "improve": "nâng cao cải thiện", "quality": "chất lượng", "at least": "ít nhất",
    "below": "dưới", "above": "trên", "total": "tổng số", "average": "bình quân trung bình", "per capita": "bình quân đầu người",
    "million": "triệu", "billion": "tỷ", "thousand": "nghìn", "vnd": "đồng", "dong": "đồng", "hectares": "ha",
    "per 100,000": "/100.000", "per 1,000": "‰", "100%": "100%",
}

# Administrative levels, units and kinds of place.
PLACES: dict[str, str] = {
    "province": "tỉnh", "provincial": "tỉnh", "district": "huyện", "districts": "huyện", "commune": "xã",
    "communes": "xã", "ward": "phường", "wards": "phường", "town": "thị trấn thị xã", "township": "thị trấn",
    "city": "thành phố", "urban district": "quận", "centrally-run city": "thành phố trực thuộc Trung ương",
    "provincial level": "cấp tỉnh", "district level": "cấp huyện", "commune level": "cấp xã", "all levels": "các cấp",
    "locality": "địa phương", "localities": "địa phương", "local": "địa phương", "grassroots": "cơ sở",
    "area": "địa bàn", "nationwide": "toàn quốc", "national": "quốc gia", "central": "Trung ương",
    "village": "thôn", "hamlet": "thôn xóm", "residential group": "tổ dân phố", "neighbourhood": "khu phố tổ dân phố",
    "neighborhood": "khu phố tổ dân phố", "residential area": "khu dân cư", "region": "vùng",
    "mountainous": "miền núi", "remote": "vùng sâu, vùng xa", "coastal": "ven biển", "island": "hải đảo đảo",
    "border": "biên giới", "rural": "nông thôn", "urban": "đô thị", "public place": "nơi công cộng",
}

# Sectors of state management under the English names their agencies use: each gives its own name and the agency of
# every level, Ministry of X (Bộ), Department of X (Sở), X Office / Division (Phòng).
SECTORS: dict[str, str] = {
    "home affairs": "Nội vụ", "justice": "Tư pháp", "finance": "Tài chính", "planning and investment": "Kế hoạch và Đầu tư",
    "finance and planning": "Tài chính - Kế hoạch", "industry and trade": "Công Thương",
    "agriculture and rural development": "Nông nghiệp và Phát triển nông thôn",
    "agriculture and environment": "Nông nghiệp và Môi trường",
    "natural resources and environment": "Tài nguyên và Môi trường", "transport": "Giao thông vận tải",
    "construction": "Xây dựng", "information and communications": "Thông tin và Truyền thông",
    "information and communication": "Thông tin và Truyền thông", "science and technology": "Khoa học và Công nghệ",
    "education and training": "Giáo dục và Đào tạo", "education": "Giáo dục và Đào tạo", "health": "Y tế",
    "labour, invalids and social affairs": "Lao động - Thương binh và Xã hội",
    "labor, invalids and social affairs": "Lao động - Thương binh và Xã hội",
    "culture, sports and tourism": "Văn hóa, Thể thao và Du lịch", "culture and sports": "Văn hóa và Thể thao",
    "culture and information": "Văn hóa và Thông tin", "tourism": "Du lịch", "foreign affairs": "Ngoại vụ",
    "ethnic affairs": "Dân tộc", "ethnic minority affairs": "Dân tộc", "ethnic minorities and religions": "Dân tộc và Tôn giáo",
    "economy": "Kinh tế", "economic affairs": "Kinh tế", "economy and infrastructure": "Kinh tế và Hạ tầng",
    "economic and infrastructure": "Kinh tế và Hạ tầng", "urban management": "Quản lý đô thị",
    "national defence": "Quốc phòng", "national defense": "Quốc phòng", "public security": "Công an",
}


def _agency_names(sectors: dict[str, str]) -> dict[str, str]:
    names: dict[str, str] = dict(sectors)
    for en, vi in sectors.items():
        names[f"ministry of {en}"] = f"Bộ {vi}"
        names[f"department of {en}"] = names[f"{en} department"] = f"Sở {vi}"
        names[f"{en} office"] = names[f"{en} division"] = names[f"division of {en}"] = f"Phòng {vi}"
    return names


# Agencies and organisations of every level beyond the sectors' own.
AGENCIES: dict[str, str] = {
    "department": "Sở", "departments": "Sở", "agency": "cơ quan đơn vị", "agencies": "cơ quan đơn vị",
    "body": "cơ quan", "office": "Phòng", "unit": "đơn vị", "sector": "ngành", "division": "Phòng",
    "ministry": "Bộ", "ministries": "Bộ", "sub-department": "Chi cục", "general department": "Tổng cục",
    "bureau": "Cục", "centre": "Trung tâm", "center": "Trung tâm", "station": "Trạm", "branch": "Chi nhánh",
    "board": "Ban", "committee": "Ủy ban Ban", "council": "Hội đồng", "steering committee": "Ban Chỉ đạo",
    "steering board": "Ban Chỉ đạo", "working group": "Tổ công tác", "task force": "Tổ công tác",
    "inspectorate": "Thanh tra", "provincial inspectorate": "Thanh tra tỉnh",
    "prime minister": "Thủ tướng Chính phủ", "government": "Chính phủ", "national assembly": "Quốc hội",
    "politburo": "Bộ Chính trị", "secretariat": "Ban Bí thư", "central committee": "Trung ương",
    "party": "Đảng", "party committee": "Đảng ủy", "provincial party committee": "Tỉnh ủy",
    "city party committee": "Thành ủy", "district party committee": "Huyện ủy", "standing board": "Ban Thường vụ",
    "standing committee": "Ban Thường vụ Thường trực", "party cell": "chi bộ", "propaganda commission": "Ban Tuyên giáo",
    "propaganda department": "Ban Tuyên giáo", "mass mobilisation": "Dân vận", "mass mobilization": "Dân vận",
    "organisation commission": "Ban Tổ chức", "inspection commission": "Ủy ban Kiểm tra",
    "people's council": "Hội đồng nhân dân", "people's councils": "Hội đồng nhân dân",
    "people's committee": "Ủy ban nhân dân UBND", "people's committees": "Ủy ban nhân dân UBND",
    "office of the people's committee": "Văn phòng Ủy ban nhân dân",
    "office of the people's council and people's committee": "Văn phòng HĐND và UBND",
    "department of labour": "Sở Lao động - Thương binh và Xã hội", "department of labor": "Sở Lao động - Thương binh và Xã hội",
    "labour": "Lao động - Thương binh và Xã hội LĐ-TB&XH", "labor": "Lao động - Thương binh và Xã hội LĐ-TB&XH",
    "invalids": "Thương binh", "social affairs": "Xã hội", "molisa": "Lao động - Thương binh và Xã hội",
    "doet": "Giáo dục và Đào tạo", "dolisa": "Lao động - Thương binh và Xã hội", "justice": "Tư pháp",
    "health": "Y tế sức khỏe", "health station": "Trạm Y tế", "health centre": "Trung tâm Y tế",
    "health center": "Trung tâm Y tế", "medical centre": "Trung tâm Y tế", "hospital": "bệnh viện",
    "centre for disease control": "Trung tâm Kiểm soát bệnh tật CDC", "center for disease control": "Trung tâm Kiểm soát bệnh tật CDC",
    "cdc": "Trung tâm Kiểm soát bệnh tật CDC", "education": "Giáo dục", "education and training": "Giáo dục và Đào tạo",
    "culture": "Văn hóa", "sports": "Thể thao", "tourism": "Du lịch", "culture and social affairs": "Văn hoá - Xã hội",
    "cultural and social": "Văn hoá - Xã hội", "culture, information and sports centre": "Trung tâm Văn hóa - Thông tin - Thể thao",
    "information and communications": "Thông tin và Truyền thông", "information and communication": "Thông tin và Truyền thông",
    "finance": "Tài chính", "finance and planning": "Tài chính - Kế hoạch", "planning and investment": "Kế hoạch và Đầu tư",
    "home affairs": "Nội vụ", "interior": "Nội vụ", "natural resources": "Tài nguyên và Môi trường",
    "construction": "Xây dựng", "transport": "Giao thông vận tải", "agriculture": "Nông nghiệp",
    "industry and trade": "Công Thương", "science and technology": "Khoa học và Công nghệ",
    "police": "Công an", "provincial police": "Công an tỉnh", "district police": "Công an huyện",
    "commune police": "Công an xã", "ward police": "Công an phường", "public security": "Công an",
    "military": "quân sự", "military command": "Chỉ huy Quân sự",
    "provincial military command": "Bộ Chỉ huy Quân sự tỉnh", "district military command": "Ban Chỉ huy Quân sự huyện",
    "commune military command": "Ban Chỉ huy Quân sự xã", "armed forces": "lực lượng vũ trang",
    "border guard": "Bộ đội Biên phòng", "border guards": "Bộ đội Biên phòng", "militia": "dân quân tự vệ",
    "court": "Tòa án nhân dân", "people's court": "Tòa án nhân dân", "procuracy": "Viện kiểm sát nhân dân",
    "people's procuracy": "Viện kiểm sát nhân dân", "judgment enforcement": "Thi hành án dân sự",
    "civil judgment enforcement": "Thi hành án dân sự", "state treasury": "Kho bạc Nhà nước", "treasury": "Kho bạc Nhà nước",
    "social insurance": "Bảo hiểm xã hội BHXH", "social policy bank": "Ngân hàng Chính sách xã hội",
    "bank for social policies": "Ngân hàng Chính sách xã hội", "vbsp": "Ngân hàng Chính sách xã hội",
    "state bank": "Ngân hàng Nhà nước", "tax department": "Cục Thuế", "tax": "thuế", "customs": "Hải quan",
    "market surveillance": "Quản lý thị trường", "market management": "Quản lý thị trường",
    "statistics office": "Cục Thống kê", "forest protection": "Kiểm lâm", "forest rangers": "Kiểm lâm",
    "land registration office": "Văn phòng đăng ký đất đai", "public administration service centre": "Trung tâm Phục vụ hành chính công",
    "public administration service center": "Trung tâm Phục vụ hành chính công", "one-stop": "một cửa",
    "employment service centre": "Trung tâm Dịch vụ việc làm", "employment service center": "Trung tâm Dịch vụ việc làm",
    "social protection centre": "Trung tâm Bảo trợ xã hội", "social work centre": "Trung tâm Công tác xã hội",
    "social work center": "Trung tâm Công tác xã hội", "management board": "Ban Quản lý",
    "industrial zones authority": "Ban Quản lý các khu công nghiệp", "radio": "Đài Phát thanh",
    "television": "Truyền hình", "radio and television": "Đài Phát thanh và Truyền hình",
    "broadcasting": "Đài truyền thanh", "loudspeaker": "truyền thanh", "newspaper": "Báo", "press": "báo chí",
    "media": "báo chí truyền thông", "fatherland front": "Mặt trận Tổ quốc MTTQ", "front": "Mặt trận Tổ quốc",
    "youth union": "Đoàn Thanh niên", "youth": "Đoàn Thanh niên thanh niên", "young pioneers": "Đội Thiếu niên Tiền phong",
    "women's union": "Hội Liên hiệp Phụ nữ", "women's": "Hội Liên hiệp Phụ nữ", "farmers' association": "Hội Nông dân",
    "farmers' union": "Hội Nông dân", "veterans": "Hội Cựu chiến binh", "red cross": "Hội Chữ thập đỏ",
    "labour federation": "Liên đoàn Lao động", "labor federation": "Liên đoàn Lao động", "trade union": "Công đoàn",
    "elderly association": "Hội Người cao tuổi", "association for the elderly": "Hội Người cao tuổi",
    "study promotion association": "Hội Khuyến học", "cooperative alliance": "Liên minh Hợp tác xã",
    "business association": "Hiệp hội Doanh nghiệp", "association": "Hội Hiệp hội", "bar association": "Đoàn Luật sư",
    "lawyers": "luật sư", "mass organisations": "đoàn thể", "mass organizations": "đoàn thể", "unions": "đoàn thể",
    "social organisations": "tổ chức chính trị - xã hội", "socio-political": "chính trị - xã hội",
    "ethnic": "Dân tộc", "committee for ethnic affairs": "Ban Dân tộc", "religion": "tôn giáo", "religious": "tôn giáo",
    "justice and civil status": "Tư pháp - Hộ tịch", "land administration": "địa chính", "cadastral": "địa chính",
    "school": "trường học nhà trường", "schools": "trường học các trường", "kindergarten": "mầm non",
    "preschool": "mầm non mẫu giáo", "primary school": "tiểu học", "lower secondary": "trung học cơ sở",
    "secondary school": "trung học", "high school": "trung học phổ thông", "university": "đại học",
    "college": "cao đẳng", "teacher": "giáo viên", "cultural house": "nhà văn hóa",
}

# Core terms of the policy fields plans are written about; a term of one field is as welcome as any other's.
FIELDS: dict[str, dict[str, str]] = {
    "social protection, children, gender": {
        "child": "trẻ em", "children": "trẻ em", "kid": "trẻ em", "kids": "trẻ em", "infant": "trẻ sơ sinh",
        "newborn": "trẻ sơ sinh", "adolescents": "trẻ vị thành niên", "juvenile": "người chưa thành niên",
        "minors": "người chưa thành niên", "orphan": "mồ côi", "orphans": "mồ côi",
        "children's rights": "quyền trẻ em", "rights": "quyền", "child protection": "bảo vệ trẻ em",
        "children's day": "Ngày Quốc tế Thiếu nhi", "early childhood": "trẻ em những năm đầu đời mầm non",
        "child labour": "lao động trẻ em", "child labor": "lao động trẻ em", "child-friendly": "thân thiện với trẻ em",
        "protection": "bảo vệ", "protect": "bảo vệ", "care": "chăm sóc", "caring": "chăm sóc",
        "special circumstances": "hoàn cảnh đặc biệt", "especially difficult": "đặc biệt khó khăn",
        "disadvantaged": "hoàn cảnh đặc biệt khó khăn", "difficult circumstances": "hoàn cảnh khó khăn",
        "vulnerable": "yếu thế dễ bị tổn thương", "disability": "khuyết tật", "disabilities": "khuyết tật",
        "disabled": "khuyết tật", "rehabilitation": "phục hồi chức năng", "abuse": "xâm hại", "abused": "bị xâm hại",
        "violence": "bạo lực", "domestic violence": "bạo lực gia đình", "exploitation": "bóc lột",
        "trafficking": "mua bán người", "human trafficking": "mua bán người", "sexual abuse": "xâm hại tình dục",
        "sexual": "tình dục", "harmful": "độc hại xấu", "risk": "nguy cơ", "at risk": "nguy cơ",
        "victim": "nạn nhân", "victims": "nạn nhân", "elderly": "người cao tuổi", "older persons": "người cao tuổi",
        "older people": "người cao tuổi", "gender equality": "bình đẳng giới", "gender": "giới",
        "women": "phụ nữ", "men": "nam giới", "households": "hộ gia đình", "family": "gia đình", "families": "gia đình",
        "community": "cộng đồng", "welfare": "phúc lợi", "social work": "công tác xã hội", "volunteers": "tình nguyện",
        "social assistance": "trợ giúp xã hội", "social protection": "bảo trợ xã hội", "allowance": "trợ cấp phụ cấp",
        "social allowance": "trợ cấp xã hội", "subsidy": "hỗ trợ trợ cấp", "support": "hỗ trợ trợ giúp",
        "assistance": "trợ giúp hỗ trợ", "gifts": "quà", "visit": "thăm hỏi", "homeless": "lang thang",
        "meritorious": "người có công", "people with meritorious services": "người có công với cách mạng",
        "martyrs": "liệt sĩ", "war invalids": "thương binh", "policy beneficiaries": "đối tượng chính sách",
        "beneficiaries": "đối tượng thụ hưởng", "childcare": "giữ trẻ", "day-care": "giữ trẻ", "daycare": "giữ trẻ",
        "migrant": "di cư", "migrants": "di cư", "ethnic minority": "dân tộc thiểu số",
        "consanguineous": "kết hôn cận huyết", "child marriage": "tảo hôn", "early marriage": "tảo hôn",
    },
    "poverty and employment": {
        "poor": "nghèo", "poverty": "nghèo", "poor household": "hộ nghèo", "poor households": "hộ nghèo",
        "near-poor": "hộ cận nghèo", "near poor": "hộ cận nghèo",
        "poverty reduction": "giảm nghèo", "sustainable poverty reduction": "giảm nghèo bền vững",
        "multidimensional poverty": "nghèo đa chiều", "poverty line": "chuẩn nghèo", "poverty standard": "chuẩn nghèo",
        "escape poverty": "thoát nghèo", "poverty review": "rà soát hộ nghèo, hộ cận nghèo",
        "verification": "xác minh rà soát",
        "livelihood": "sinh kế", "livelihoods": "sinh kế", "income": "thu nhập", "housing": "nhà ở",
        "temporary houses": "nhà tạm, nhà dột nát", "dilapidated": "dột nát", "preferential credit": "tín dụng ưu đãi",
        "credit": "tín dụng", "loan": "vay vốn", "loans": "vay vốn", "employment": "việc làm", "jobs": "việc làm",
        "job creation": "giải quyết việc làm tạo việc làm", "unemployment": "thất nghiệp",
        "unemployment insurance": "bảo hiểm thất nghiệp", "workers": "người lao động", "employees": "người lao động",
        "labour export": "xuất khẩu lao động đi làm việc ở nước ngoài theo hợp đồng",
        "vocational training": "đào tạo nghề", "occupational safety": "an toàn, vệ sinh lao động", "wages": "tiền lương",
        "minimum wage": "lương tối thiểu", "pension": "lương hưu",
    },
    "health and population": {
        "medical examination": "khám bệnh chữa bệnh", "treatment": "chữa bệnh", "health insurance": "bảo hiểm y tế",
        "insurance": "bảo hiểm", "screening": "khám sàng lọc", "surgery": "phẫu thuật", "free": "miễn phí",
        "health check": "khám sức khỏe", "primary health care": "chăm sóc sức khỏe ban đầu", "medical": "y tế",
        "doctor": "bác sĩ", "doctors": "bác sĩ", "hospital beds": "giường bệnh", "medicine": "thuốc",
        "immunisation": "tiêm chủng", "immunization": "tiêm chủng", "vaccination": "tiêm chủng", "vaccinated": "tiêm chủng",
        "vaccinate": "tiêm chủng", "vaccine": "vắc xin", "vaccines": "vắc xin", "dose": "mũi liều",
        "expanded immunisation": "tiêm chủng mở rộng", "expanded immunization": "tiêm chủng mở rộng",
        "fully": "đầy đủ", "full": "đầy đủ", "nutrition": "dinh dưỡng", "malnutrition": "suy dinh dưỡng",
        "stunting": "suy dinh dưỡng thể thấp còi", "stunted": "thấp còi", "underweight": "nhẹ cân",
        "mortality": "tử vong tỷ suất tử vong", "death": "tử vong", "deaths": "tử vong", "die": "tử vong",
        "live births": "trẻ đẻ sống", "disease": "dịch bệnh", "diseases": "dịch bệnh",
        "disease prevention": "phòng, chống dịch bệnh", "disease prevention and control": "phòng, chống dịch bệnh", "epidemic": "dịch bệnh", "pandemic": "dịch bệnh",
        "outbreak": "ổ dịch bùng phát", "covid": "Covid-19", "infectious": "truyền nhiễm",
        "communicable diseases": "bệnh truyền nhiễm", "non-communicable diseases": "bệnh không lây nhiễm",
        "dengue": "sốt xuất huyết", "measles": "sởi", "tuberculosis": "bệnh lao", "malaria": "sốt rét",
        "quarantine": "cách ly kiểm dịch", "hiv": "HIV", "aids": "HIV/AIDS", "mother-to-child": "mẹ sang con",
        "transmission": "lây truyền", "food safety": "an toàn thực phẩm", "food poisoning": "ngộ độc thực phẩm",
        "hygiene": "vệ sinh", "sanitation": "vệ sinh môi trường", "toilets": "nhà tiêu hợp vệ sinh",
        "mental health": "sức khỏe tâm thần", "mental": "tâm thần tâm lý", "psychological": "tâm lý",
        "reproductive health": "sức khỏe sinh sản", "population": "dân số", "family planning": "kế hoạch hóa gia đình",
        "sex ratio at birth": "tỷ số giới tính khi sinh", "pregnant women": "phụ nữ mang thai", "maternal": "bà mẹ",
        "life expectancy": "tuổi thọ", "injury": "tai nạn thương tích", "injuries": "tai nạn thương tích",
        "accident": "tai nạn", "accidents": "tai nạn", "drowning": "đuối nước", "swimming": "bơi",
        "drugs": "ma túy", "drug": "ma túy", "alcohol": "rượu bia", "tobacco": "thuốc lá", "smoking": "hút thuốc lá",
    },
    "education and training": {
        "pupils": "học sinh", "students": "học sinh sinh viên", "student": "học sinh", "parents": "cha mẹ gia đình",
        "complete": "hoàn thành", "completion": "hoàn thành", "enrol": "đi học ra lớp tuyển sinh",
        "enrolment": "đi học ra lớp tuyển sinh", "enrollment": "đi học ra lớp tuyển sinh", "attend school": "đi học",
        "school age": "độ tuổi đi học", "dropout": "bỏ học", "boarding": "bán trú nội trú", "semi-boarding": "bán trú",
        "universal education": "phổ cập giáo dục", "universalisation": "phổ cập", "universalization": "phổ cập",
        "literacy": "xóa mù chữ", "illiteracy": "mù chữ", "national standard": "chuẩn quốc gia",
        "literate": "biết chữ", "newly literate": "mới biết chữ", "post-literacy": "sau biết chữ",
        "re-illiteracy": "tái mù chữ", "relapse into illiteracy": "tái mù chữ", "learners": "người học học viên",
        "learning": "học tập", "continue learning": "tiếp tục học tập", "continue studying": "tiếp tục học tập",
        "curriculum": "chương trình giáo dục", "textbooks": "sách giáo khoa", "classrooms": "phòng học",
        "tuition": "học phí", "vocational": "nghề nghiệp giáo dục nghề nghiệp", "continuing education": "giáo dục thường xuyên",
        "exam": "kỳ thi", "examination": "kỳ thi", "graduation": "tốt nghiệp", "learning society": "xã hội học tập",
        "lifelong learning": "học tập suốt đời", "facilities": "cơ sở vật chất", "equipment": "trang thiết bị",
        "infrastructure": "cơ sở vật chất hạ tầng", "materials": "tài liệu học liệu", "inclusive": "hòa nhập",
        "life skills": "kỹ năng sống", "skills": "kỹ năng", "sex education": "giáo dục giới tính",
        "counselling": "tư vấn tham vấn", "counseling": "tư vấn tham vấn", "school counselling": "tham vấn học đường",
        "scholarship": "học bổng", "scholarships": "học bổng", "private": "tư nhân tư thục ngoài công lập",
    },
    "culture, information and sport": {
        "cultural": "văn hóa", "heritage": "di sản", "relic": "di tích", "relics": "di tích",
        "cultural family": "gia đình văn hóa", "civilised lifestyle": "nếp sống văn minh",
        "civilized lifestyle": "nếp sống văn minh", "play": "vui chơi", "playground": "điểm vui chơi khu vui chơi",
        "playgrounds": "điểm vui chơi khu vui chơi", "recreation": "vui chơi giải trí", "entertainment": "giải trí",
        "reading": "đọc sách", "library": "thư viện", "sports facilities": "thiết chế thể thao cơ sở vật chất thể thao",
        "physical training": "thể dục thể thao", "participation": "tham gia", "participate": "tham gia",
        "voice": "tiếng nói ý kiến", "opinions": "ý kiến", "forum": "diễn đàn", "dialogue": "đối thoại",
        "information": "thông tin", "grassroots information": "thông tin cơ sở", "news": "tin bài",
        "fake news": "tin giả tin xấu độc", "publications": "ấn phẩm xuất bản", "games": "trò chơi",
        "online": "trên mạng môi trường mạng", "internet": "mạng internet", "cyberspace": "môi trường mạng",
        "social media": "mạng xã hội", "social network": "mạng xã hội", "hotline": "tổng đài",
        "helpline": "tổng đài điện thoại", "channels": "kênh", "portal": "cổng thông tin điện tử",
        "website": "trang thông tin điện tử",
    },
    "justice, security and order": {
        "legal aid": "trợ giúp pháp lý", "legal": "pháp luật pháp lý", "legal education": "phổ biến, giáo dục pháp luật",
        "law dissemination": "phổ biến, giáo dục pháp luật", "mediation": "hòa giải ở cơ sở", "grassroots mediation": "hòa giải ở cơ sở",
        "crime": "tội phạm", "crimes": "tội phạm", "offender": "người phạm tội", "offence": "vi phạm pháp luật",
        "violation": "vi phạm", "violations": "vi phạm", "law-breaking": "vi phạm pháp luật",
        "administrative violations": "vi phạm hành chính", "investigate": "điều tra", "investigation": "điều tra",
        "prosecute": "truy tố", "trial": "xét xử", "friendly": "thân thiện", "complaints": "khiếu nại",
        "denunciations": "tố cáo", "petitions": "kiến nghị phản ánh", "citizen reception": "tiếp công dân",
        "corruption": "tham nhũng", "wastefulness": "lãng phí", "thrift": "thực hành tiết kiệm",
        "security": "an ninh", "surveillance": "giám sát", "camera": "camera giám sát",
        "security and order": "an ninh trật tự", "public order": "trật tự an toàn xã hội", "social order": "trật tự xã hội",
        "national security": "an ninh quốc gia", "defence": "quốc phòng", "defense": "quốc phòng",
        "civil defence": "phòng thủ dân sự", "civil defense": "phòng thủ dân sự", "militia": "dân quân tự vệ",
        "self-defence forces": "dân quân tự vệ", "self-defense forces": "dân quân tự vệ", "military": "quân sự",
        "military command": "Ban Chỉ huy quân sự", "defence education": "giáo dục quốc phòng và an ninh",
        "military service": "nghĩa vụ quân sự", "conscription": "tuyển quân nghĩa vụ quân sự",
        "recruitment": "tuyển chọn tuyển dụng", "reserve forces": "lực lượng dự bị động viên",
        "social evils": "tệ nạn xã hội", "prostitution": "mại dâm", "gambling": "cờ bạc", "smuggling": "buôn lậu",
        "trade fraud": "gian lận thương mại", "counterfeit goods": "hàng giả", "fraud": "lừa đảo",
        "cybercrime": "tội phạm mạng tội phạm sử dụng công nghệ cao", "weapons": "vũ khí", "explosives": "vật liệu nổ",
        "fire prevention": "phòng cháy, chữa cháy PCCC", "firefighting": "chữa cháy", "fire": "cháy nổ",
        "traffic safety": "an toàn giao thông", "traffic": "giao thông", "traffic accidents": "tai nạn giao thông",
        "helmets": "mũ bảo hiểm", "drink driving": "nồng độ cồn", "vehicles": "phương tiện",
        "driving licence": "giấy phép lái xe", "driving license": "giấy phép lái xe",
    },
    "civil registration and residence": {
        "civil registration": "đăng ký hộ tịch", "civil status": "hộ tịch", "civil-status": "hộ tịch",
        "birth registration": "đăng ký khai sinh", "registered": "đăng ký", "registration": "đăng ký",
        "birth": "khai sinh", "births": "khai sinh", "birth certificate": "giấy khai sinh",
        "death registration": "đăng ký khai tử", "marriage registration": "đăng ký kết hôn",
        "marriage": "hôn nhân kết hôn", "marital status": "tình trạng hôn nhân", "divorce": "ly hôn",
        "guardianship": "giám hộ", "paternity": "nhận cha, mẹ, con", "adoption": "nuôi con nuôi",
        "nationality": "quốc tịch", "citizenship": "quốc tịch", "identity card": "căn cước công dân",
        "citizen identification": "căn cước công dân", "personal identification number": "số định danh cá nhân",
        "electronic identification": "định danh điện tử", "vneid": "VNeID định danh điện tử",
        "residence": "cư trú", "permanent residence": "thường trú", "temporary residence": "tạm trú",
        "population database": "cơ sở dữ liệu quốc gia về dân cư", "certification": "chứng thực",
        "authentication": "chứng thực", "extract": "trích lục", "citizens": "công dân người dân",
        "residents": "người dân", "the public": "nhân dân người dân",
    },
    "elections": {
        "election": "bầu cử", "elections": "bầu cử", "elect": "bầu", "voter": "cử tri", "voters": "cử tri",
        "voter list": "danh sách cử tri", "voters list": "danh sách cử tri", "candidate": "người ứng cử",
        "candidates": "người ứng cử", "deputies": "đại biểu", "national assembly deputies": "đại biểu Quốc hội",
        "people's council deputies": "đại biểu Hội đồng nhân dân", "election committee": "Ủy ban bầu cử",
        "election board": "Ban bầu cử", "election team": "Tổ bầu cử", "constituency": "đơn vị bầu cử",
        "constituencies": "đơn vị bầu cử", "polling station": "khu vực bỏ phiếu", "polling area": "khu vực bỏ phiếu",
        "ballot": "phiếu bầu", "ballots": "phiếu bầu", "vote": "bỏ phiếu", "voting": "bỏ phiếu",
        "vote counting": "kiểm phiếu", "election day": "ngày bầu cử", "turnout": "tỷ lệ cử tri đi bầu",
        "consultation conference": "hội nghị hiệp thương", "nominate": "giới thiệu người ứng cử",
    },
    "digital transformation and administrative reform": {
        "digital transformation": "chuyển đổi số", "digital": "số", "digitise": "số hóa", "digitize": "số hóa",
        "digitisation": "số hóa", "digitization": "số hóa", "online public services": "dịch vụ công trực tuyến",
        "online public service": "dịch vụ công trực tuyến", "public services": "dịch vụ công",
        "e-government": "chính quyền điện tử", "digital government": "chính quyền số", "digital economy": "kinh tế số",
        "digital society": "xã hội số", "e-commerce": "thương mại điện tử", "cashless": "không dùng tiền mặt",
        "cashless payment": "thanh toán không dùng tiền mặt", "electronic": "điện tử", "smart": "thông minh",
        "smart city": "đô thị thông minh", "software": "phần mềm", "platform": "nền tảng",
        "information system": "hệ thống thông tin", "network": "mạng", "cybersecurity": "an toàn thông tin an ninh mạng",
        "information security": "an toàn thông tin", "broadband": "băng rộng", "fibre optic": "cáp quang",
        "smartphone": "điện thoại thông minh", "digital signature": "chữ ký số",
        "community digital technology team": "tổ công nghệ số cộng đồng", "administrative procedures": "thủ tục hành chính",
        "administrative reform": "cải cách hành chính", "public administration reform": "cải cách hành chính",
        "services": "dịch vụ", "service": "dịch vụ", "access": "tiếp cận", "comprehensive": "toàn diện",
        "development": "phát triển",
    },
    "agriculture and new rural areas": {
        "new rural": "nông thôn mới", "new countryside": "nông thôn mới", "new-style rural": "nông thôn mới",
        "advanced new rural": "nông thôn mới nâng cao", "model new rural": "nông thôn mới kiểu mẫu",
        "criteria": "tiêu chí", "criterion": "tiêu chí", "meet the standard": "đạt chuẩn", "standard": "chuẩn",
        "standards": "chuẩn", "ocop": "OCOP mỗi xã một sản phẩm", "one commune one product": "mỗi xã một sản phẩm",
        "rural roads": "đường giao thông nông thôn", "clean water": "nước sạch", "hygienic water": "nước hợp vệ sinh",
        "irrigation": "thủy lợi", "agricultural extension": "khuyến nông", "production": "sản xuất",
        "crops": "cây trồng", "livestock": "chăn nuôi", "aquaculture": "nuôi trồng thủy sản", "fisheries": "thủy sản",
        "forestry": "lâm nghiệp", "forest": "rừng", "forest cover": "tỷ lệ che phủ rừng", "veterinary": "thú y",
        "plant protection": "bảo vệ thực vật", "cooperative": "hợp tác xã", "cooperatives": "hợp tác xã",
        "value chain": "chuỗi liên kết giá trị", "farmers": "nông dân", "fishermen": "ngư dân",
    },
    "environment, land and climate": {
        "environment": "môi trường", "environmental protection": "bảo vệ môi trường", "pollution": "ô nhiễm",
        "waste": "chất thải rác thải", "solid waste": "chất thải rắn", "domestic waste": "rác thải sinh hoạt",
        "plastic": "nhựa", "wastewater": "nước thải", "emissions": "phát thải khí thải", "air quality": "chất lượng không khí",
        "biodiversity": "đa dạng sinh học", "environmental impact assessment": "đánh giá tác động môi trường",
        "minerals": "khoáng sản", "water resources": "tài nguyên nước", "marine": "biển", "sea": "biển",
        "renewable energy": "năng lượng tái tạo", "energy": "năng lượng", "energy saving": "tiết kiệm năng lượng",
        "electricity": "điện", "green": "xanh", "climate change": "biến đổi khí hậu",
        "land": "đất đai", "land use": "sử dụng đất", "land use plan": "kế hoạch sử dụng đất",
        "land use planning": "quy hoạch sử dụng đất", "land use right": "quyền sử dụng đất",
        "land use right certificate": "giấy chứng nhận quyền sử dụng đất", "land acquisition": "thu hồi đất",
        "land recovery": "thu hồi đất", "compensation": "bồi thường", "resettlement": "tái định cư",
        "site clearance": "giải phóng mặt bằng", "land allocation": "giao đất", "land lease": "cho thuê đất",
        "encroachment": "lấn chiếm", "land disputes": "tranh chấp đất đai", "master plan": "quy hoạch",
        "urban planning": "quy hoạch đô thị", "zoning": "quy hoạch",
    },
    "disasters and emergencies": {
        "disaster": "thiên tai thảm họa", "disasters": "thiên tai thảm họa", "natural disaster": "thiên tai",
        "natural disasters": "thiên tai", "disaster prevention": "phòng, chống thiên tai",
        "disaster prevention and control": "phòng, chống thiên tai", "disaster risk": "rủi ro thiên tai",
        "disaster risk reduction": "giảm nhẹ rủi ro thiên tai", "search and rescue": "tìm kiếm cứu nạn",
        "rescue": "cứu nạn cứu hộ", "storm": "bão", "storms": "bão", "typhoon": "bão", "tropical depression": "áp thấp nhiệt đới",
        "flood": "lũ lụt ngập lụt", "floods": "lũ lụt ngập lụt", "flooding": "ngập lụt", "flash flood": "lũ quét",
        "flash floods": "lũ quét", "landslide": "sạt lở đất", "landslides": "sạt lở đất", "drought": "hạn hán",
        "saltwater intrusion": "xâm nhập mặn", "evacuate": "sơ tán di dời", "evacuation": "sơ tán di dời",
        "relocate": "di dời", "relocation": "di dời", "shelter": "nơi tránh trú", "four on-the-spot": "bốn tại chỗ",
        "early warning": "cảnh báo sớm", "warning": "cảnh báo", "forecast": "dự báo", "forecasting": "dự báo",
        "recovery": "khắc phục hậu quả", "consequences": "hậu quả", "damage": "thiệt hại", "dyke": "đê điều",
        "dike": "đê điều", "dykes": "đê điều", "reservoir": "hồ chứa", "reservoirs": "hồ chứa", "relief": "cứu trợ",
    },
    "finance, economy and construction": {
        "funding": "kinh phí ngân sách", "budget": "kinh phí ngân sách dự toán", "fund": "quỹ kinh phí",
        "cost": "kinh phí", "resource": "nguồn lực", "state budget": "ngân sách nhà nước",
        "central budget": "ngân sách trung ương", "local budget": "ngân sách địa phương", "revenue": "thu ngân sách",
        "expenditure": "chi ngân sách", "estimate": "dự toán", "final accounts": "quyết toán",
        "public investment": "đầu tư công", "investment": "đầu tư", "capital": "vốn", "socialisation": "xã hội hóa",
        "socialization": "xã hội hóa", "sponsorship": "tài trợ", "fees": "phí lệ phí", "procurement": "mua sắm",
        "bidding": "đấu thầu", "growth": "tăng trưởng", "grdp": "GRDP tổng sản phẩm", "economic": "kinh tế",
        "enterprises": "doanh nghiệp", "businesses": "doanh nghiệp", "market": "thị trường", "export": "xuất khẩu",
        "trade": "thương mại", "goods": "hàng hóa", "prices": "giá", "industrial zone": "khu công nghiệp",
        "industrial cluster": "cụm công nghiệp", "works": "công trình", "construction works": "công trình xây dựng",
        "building permit": "giấy phép xây dựng", "construction permit": "giấy phép xây dựng", "roads": "đường giao thông",
        "bridges": "cầu", "urban area": "khu đô thị", "railway": "đường sắt", "waterway": "đường thủy nội địa",
    },
}

GLOSSARY: dict[str, str] = {
    **_agency_names(SECTORS), **DOCUMENTS, **ASSIGNMENT, **TIME_AND_FIGURES, **PLACES, **AGENCIES,
    **{k: v for terms in FIELDS.values() for k, v in terms.items()},
}

_KEYS = sorted(GLOSSARY, key=len, reverse=True)
_PATTERN = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(k) + r"(?:e?s|e?d|ing)?" if k[-1].isalpha() else re.escape(k) for k in _KEYS)
    + r")(?!\w)",
    re.IGNORECASE,
)

_NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_N = r"(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_AGE = r"(?:\s*-?\s*(?:years?|months?)(?:\s+|-)(?:old|of\s+age)|\s*-?\s*(?:year|month)-olds?)"  # `5 years old`, `5-year-old`
_SPAN = r"(?:" + _AGE + r"|\s*(?:years?|months?))"
_TO = r"\s*(?:-|–|to)\s*"
# Ages and years: `under 5`, `under-fives`, `under six years`, `aged 15-24`, `6-15 years old`, `older than 60`, `by 2030`. A bare
# `5 years` is a span of time, not an age, and `below 5 per 1,000` a rate.
_FIGURES = re.compile(
    r"(?<!\w)(?:"
    r"(?P<under>under|younger\s+than)[\s-]+" + _N + r"(?:s\b)?" + _SPAN + r"?(?!\s*(?:%|percent|per\b))"
    r"|(?:below|less\s+than)\s+" + _N + _AGE +
    r"|(?P<over>over|above)\s+" + _N + _AGE + r"|(?P<older>older\s+than)\s+" + _N + _SPAN + r"?"
    r"|(?:aged|ages?)\s+" + _N + _TO + _N + _SPAN + r"?"
    r"|" + _N + _TO + _N + _AGE +
    r"|(?:aged|age)\s+" + _N + _SPAN + r"?"
    r"|" + _N + _AGE +
    r"|(?:by|until|till|through)\s+(?:the\s+end\s+of\s+)?(?P<year>(?:19|20)\d\d)"
    r")(?!\w)",
    re.IGNORECASE,
)


def _figure_term(m: re.Match) -> str:
    if m.group("year"):
        return f"năm {m.group('year')}"
    numbers = [_NUMBER_WORDS.get(g.lower(), g) for g in m.groups() if g and (g.isdigit() or g.lower() in _NUMBER_WORDS)]
    unit = "tháng tuổi" if re.search(r"month", m.group(0), re.I) else "tuổi"
    if len(numbers) == 2:
        return f"từ {numbers[0]} đến {numbers[1]} {unit}"
    if m.group("under") or re.match(r"(?i)below|less", m.group(0)):
        return f"dưới {numbers[0]} {unit}"
    if m.group("over") or m.group("older"):
        return f"trên {numbers[0]} {unit}"
    return f"{numbers[0]} {unit}"


def _lookup(phrase: str) -> str | None:
    phrase = phrase.lower()
    for suffix in ("", "s", "es", "d", "ed", "ing"):
        if phrase.endswith(suffix) and (base := phrase[: len(phrase) - len(suffix)]) in GLOSSARY:
            return GLOSSARY[base]
    return None


@lru_cache(maxsize=2048)
def vietnamese_terms(question: str) -> str:
    """The Vietnamese terms for the English domain phrases, ages and years in `question`, in order, each once."""
    question = question.replace("’", "'")
    found: list[tuple[int, int, str]] = []
    for m in _FIGURES.finditer(question):
        found.append((m.start(), m.end(), _figure_term(m)))
    for m in _PATTERN.finditer(question):
        if (term := _lookup(m.group(1))) and not any(s < m.end() and m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), term))
    terms: list[str] = []
    for _, _, term in sorted(found):
        if term not in terms:
            terms.append(term)
    return " ".join(terms)


__all__ = ["GLOSSARY", "FIELDS", "vietnamese_terms"]
