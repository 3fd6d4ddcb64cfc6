"""Facts read from a plan's clauses: numbered indicators and their targets, unnumbered targets, which agency is
assigned which indicator, each agency's tasks, and reporting deadlines.

Each kind of fact has its extractor (`targets`, `agencies`, `deadlines`; the records in `records`); this module
runs them. Everything comes from the form plans share (domain notes, "Anatomy of a plan"); nothing is tuned per
file or per programme. The agency of a bullet is its heading in the organisation section: the bullet never
repeats it.
"""

from __future__ import annotations

from .agencies import agency_matches, indicator_numbers, is_body, is_group, normalise_agency, organisation, role
from .deadlines import deadlines as _deadlines
from .records import (
    Agency, Assignment, Deadline, Group, GroupTask, Indicator, IndicatorGroup, PlanFacts, Target, TargetStatement,
    Task,
)
from .segmenting import SECTION_CLOSING, Clause
from .targets import indicator_groups, indicators, target_statements, targets
from .tokenizing import fold

_indicator_numbers = indicator_numbers  # the name older callers import


def extract_facts(doc_id: str, clauses: list[Clause]) -> PlanFacts:
    found = indicators(doc_id, clauses)
    facts = PlanFacts(doc_id, indicators=found, targets=target_statements(doc_id, clauses, found),
                      indicator_groups=indicator_groups(doc_id, clauses))
    seen: set[int] = set()
    for line in organisation(clauses):
        c, task = line.clause, line.task
        seen.add(c.ordinal)
        substantive = task is not None and len(task.split()) >= 3  # not a stray line-wrap fragment ("121/2020/QH14.")
        numbers = indicator_numbers(c.text) if line.agencies else []
        for agency in line.agencies:
            key = normalise_agency(agency)
            if line.names_them:
                facts.agencies.append(Agency(doc_id, agency, key, c.ordinal))
            if substantive:
                facts.tasks.append(Task(doc_id, agency, key, task, c.ordinal))
            if numbers:
                facts.assignments.append(Assignment(doc_id, agency, key, numbers, role(c.text), c.ordinal))
        if line.group and not line.agencies:
            key = normalise_agency(line.group)
            if line.names_them:
                facts.groups.append(Group(doc_id, line.group, key, c.ordinal))
            if substantive:
                facts.group_tasks.append(GroupTask(doc_id, line.group, key, task, c.ordinal))
        responsible = "; ".join(line.agencies) or line.group
        facts.deadlines += _deadlines(doc_id, c.text, c.ordinal, responsible)
    for c in clauses:
        if c.heading_path[:1] == [SECTION_CLOSING]:
            facts.deadlines += _deadlines(doc_id, c.text, c.ordinal, None)
        elif c.ordinal not in seen and c.kind not in ("title", "preamble"):
            # a section of its own on reporting ("CHẾ ĐỘ BÁO CÁO", "Thời gian thực hiện") sets deadlines too;
            # there "cuối năm 2025" is as likely a target's year as a milestone, so only dates and report periods
            facts.deadlines += [d for d in _deadlines(doc_id, c.text, c.ordinal, None) if d.day or d.recurring]
    return facts


__all__ = [
    "Agency", "Assignment", "Deadline", "Group", "GroupTask", "Indicator", "IndicatorGroup", "PlanFacts", "Target",
    "TargetStatement", "Task", "agency_matches", "extract_facts", "fold", "is_body", "is_group", "normalise_agency",
    "targets",
]
