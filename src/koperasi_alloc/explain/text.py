"""Every sentence of an explanation, in English and Bahasa Indonesia.

Each function returns ``(text_en, text_id)``, filled in from the message catalogue
(:mod:`koperasi_alloc.i18n`, keys ``explain.*``). Numbers use a decimal point in English
and a decimal comma in Indonesian; shares follow the one rounding rule of
:mod:`koperasi_alloc.figures`. Sentences are written as a planner would say them to the
bupati or to an agency head. A sentence shown under its kecamatan's heading does not name
the kecamatan again; a role is named as a role, in quotes ("peran "keuangan /
bendahara""), so that role names holding "dan" or "/" read unambiguously in a list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from koperasi_alloc.i18n import decimal, join_list, pair, percent, say
from koperasi_alloc.scenario import (
    Cooperative,
    Education,
    LocalityTier,
    Officer,
    Policy,
    education_rank,
)

__all__ = [
    "HEADINGS",
    "UNREACHABLE_NAMED",
    "BreakdownFigures",
    "Lang",
    "Part",
    "agency_hit_phrase",
    "assignment",
    "assignment_reason",
    "conflict_lock_unreachable",
    "conflict_min_note",
    "cooperative_full",
    "cooperative_label",
    "fmt_km",
    "free_part",
    "hours_part",
    "join",
    "kecamatan_breakdown",
    "locality_rule",
    "no_candidate",
    "no_conflict_found",
    "not_legal_entity",
    "officer_label",
    "placed_detail",
    "placed_part",
    "reach_reason",
    "region_supply",
    "role_list",
    "shortage",
    "skill_missing",
    "tier",
    "vacancy_line",
]

Lang = Literal["en", "id"]
_LANGS: tuple[Lang, Lang] = ("en", "id")

#: Unreachable kecamatan named under the fairness tier; the rest are counted.
UNREACHABLE_NAMED = 12

HEADINGS: dict[str, tuple[str, str]] = {
    section: pair(f"explain.heading.{section}")
    for section in ("shortage", "vacancy", "assignment", "objective", "conflict", "note")
}


# --- formatting --------------------------------------------------------------------------------


def fmt_km(value: float, lang: Lang) -> str:
    """A distance with one decimal: "12.3" (en) or "12,3" (id)."""
    return decimal(value, lang)


def _num(value: float, lang: Lang) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "id" else text


def join(items: Sequence[str], lang: Lang) -> str:
    """ "a, b and c" (en) or "a, b dan c" (id), for names of people and places."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + say("list.and", lang) + items[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def cooperative_label(cooperative: Cooperative, lang: Lang) -> str:
    """The cooperative's name, or "cooperative ID" / "koperasi ID"."""
    if cooperative.name:
        return cooperative.name
    return say("explain.cooperative", lang, id=cooperative.id)


def officer_label(officer: Officer) -> str:
    """ "Name (id)" or the id."""
    return f"{officer.name} ({officer.id})" if officer.name else officer.id


def role_list(roles: Sequence[tuple[str, int]], lang: Lang) -> str:
    """Roles as a planner lists them: ``role "a", "b" and "c"`` (the count after a role
    with several empty slots: ``"b" (2)``); quoted, so names holding "and" stay whole."""
    quoted = [f'"{name}"' + (f" ({count})" if count > 1 else "") for name, count in roles]
    slots = sum(count for _, count in roles)
    return say("explain.roles", lang, count=len(roles), roles=join(quoted, lang), slots=slots)


def _education_needed(policy: Policy, role_minimum: Education | None) -> Education:
    if role_minimum is not None and education_rank(role_minimum) > education_rank(
        policy.min_education
    ):
        return role_minimum
    return policy.min_education


def locality_rule(policy: Policy) -> tuple[str, str]:
    """The allowed locality tiers, e.g. "the same village, ... or within 30 km"."""
    texts: list[tuple[str, str]] = []
    for t in LocalityTier:
        if t not in policy.allowed_tiers:
            continue
        if t is LocalityTier.RADIUS:
            texts.append(_radius_words(policy))
        else:
            texts.append(pair(f"explain.rule.{t.value}"))
    out = []
    for index, lang in enumerate(_LANGS):
        words = [text[index] for text in texts]
        last = say("explain.rule.or", lang).join(words[-2:]) if words else ""
        out.append(", ".join([*words[:-2], last]) if len(words) > 2 else last)
    return out[0], out[1]


def _radius_words(policy: Policy) -> tuple[str, str]:
    texts = []
    for lang in _LANGS:
        km = _num(policy.radius_km, lang)
        if policy.max_travel_minutes is None:
            texts.append(say("explain.rule.radius", lang, km=km))
        else:
            minutes = _num(policy.max_travel_minutes, lang)
            texts.append(say("explain.rule.radius_minutes", lang, km=km, minutes=minutes))
    return texts[0], texts[1]


# --- shortages ---------------------------------------------------------------------------------


def shortage(
    role: str | None, slots: int, in_reach: int, max_fillable: int, status: str
) -> tuple[str, str]:
    """One row of supply against demand in a kecamatan (all roles when ``role`` is None);
    shown under the kecamatan's name, so it does not repeat it. ``coverable`` only says
    that the officers in reach suffice there if no other kecamatan needs them."""
    head = "explain.shortage.all" if role is None else "explain.shortage.role"
    tail = f"explain.shortage.{status}"
    missing = slots - max_fillable
    return (
        say(head, "en", role=role, count=slots, in_reach=in_reach)
        + say(tail, "en", most=max_fillable, missing=missing),
        say(head, "id", role=role, count=slots, in_reach=in_reach)
        + say(tail, "id", most=max_fillable, missing=missing),
    )


# --- vacancies ---------------------------------------------------------------------------------


def vacancy_line(
    label: tuple[str, str], clauses: Sequence[tuple[Sequence[tuple[str, int]], str, str]]
) -> tuple[str, str]:
    """``Koperasi X: role "a" and "b" empty because ...; role "c" empty because ...``.

    Parameters
    ----------
    label
        The cooperative's label in English and Indonesian.
    clauses
        Per distinct reason: the roles it leaves empty (name, empty slots) and the reason
        in English and Indonesian.
    """
    texts = []
    for index, lang in enumerate(_LANGS):
        parts = [
            say("explain.vacancy.clause", lang, roles=role_list(roles, lang), reason=reason)
            for roles, *reasons in clauses
            for reason in [reasons[index].rstrip(".")]
        ]
        texts.append(f"{_capital(label[index])}: {'; '.join(parts)}.")
    return texts[0], texts[1]


def not_legal_entity() -> tuple[str, str]:
    """Reason: the cooperative may not receive officers."""
    return pair("explain.reason.not_legal_entity")


def cooperative_full(capacity: int) -> tuple[str, str]:
    """Reason: the cooperative already has as many officers as it may receive."""
    return pair("explain.reason.cooperative_full", capacity=capacity)


def skill_missing(
    role: str,
    with_skill: int,
    with_education: int,
    policy: Policy,
    role_minimum: Education | None,
) -> tuple[str, str]:
    """Reason: nobody in the whole pool can fill the role."""
    needed = _education_needed(policy, role_minimum).value
    if with_skill == 0:
        return pair("explain.reason.no_skill", role=role)
    if with_education == 0:
        return pair("explain.reason.no_education", count=with_skill, role=role, needed=needed)
    return pair("explain.reason.none_seconded", count=with_education, role=role)


def no_candidate(policy: Policy, nearest: Officer | None, km: float | None) -> tuple[str, str]:
    """Reason: nobody eligible within the locality rule."""
    rule_en, rule_id = locality_rule(policy)
    if nearest is None or km is None:
        return (
            say("explain.reason.no_reach_nobody", "en", rule=rule_en),
            say("explain.reason.no_reach_nobody", "id", rule=rule_id),
        )
    label = officer_label(nearest)
    return (
        say("explain.reason.no_reach", "en", rule=rule_en, officer=label, km=fmt_km(km, "en")),
        say("explain.reason.no_reach", "id", rule=rule_id, officer=label, km=fmt_km(km, "id")),
    )


# A part of a reach-based reason: (count, en singular verb, en plural verb, id verb phrase).
Part = tuple[int, str, str, str]


def _part(count: int, key: str, **values: str) -> Part:
    return (
        count,
        say(f"{key}.one", "en", **values),
        say(f"{key}.other", "en", **values),
        say(f"{key}.other", "id", **values),
    )


def placed_part(
    count: int,
    kecamatan_names: Sequence[str],
    details: Sequence[tuple[str, str]],
) -> Part:
    """ "are placed elsewhere, in Kaubun and Sandaran (o1 as "keuangan" at X, ...)"."""
    shown = list(details[:3])
    more = len(details) - len(shown)
    values = {}
    for index, lang in enumerate(_LANGS):
        items = [d[index] for d in shown]
        if more:
            items.append(say("explain.more", lang, count=more))
        where = say("explain.placed.where", lang, names=join(kecamatan_names, lang))
        values[f"where_{lang}"] = where if kecamatan_names else ""
        values[f"details_{lang}"] = join(items, lang)
    return (
        count,
        say("explain.placed.one", "en", where=values["where_en"], details=values["details_en"]),
        say("explain.placed.other", "en", where=values["where_en"], details=values["details_en"]),
        say("explain.placed.other", "id", where=values["where_id"], details=values["details_id"]),
    )


def placed_detail(
    officer: Officer, role: str, cooperative: Cooperative, same: bool
) -> tuple[str, str]:
    """ "o1 as "keuangan" at Koperasi X" (or "here" when it is the same cooperative)."""
    label = officer_label(officer)
    if same:
        return pair("explain.placed.here", officer=label, role=role)
    return (
        say(
            "explain.placed.at",
            "en",
            officer=label,
            role=role,
            at=cooperative_label(cooperative, "en"),
        ),
        say(
            "explain.placed.at",
            "id",
            officer=label,
            role=role,
            at=cooperative_label(cooperative, "id"),
        ),
    )


def agency_hit_phrase(count: int, agency: str, released: int, cap: int) -> Part:
    """ "belong to Dinas X, which has reached its release cap (12 of 12)"."""
    return _part(count, "explain.capped", agency=agency, released=str(released), cap=str(cap))


def hours_part(count: int) -> Part:
    """ "have no weekly hours left for it"."""
    return _part(count, "explain.hours")


def free_part(count: int, labels: Sequence[str]) -> Part:
    """ "could take it, but this plan does not use them (o1, o2)"."""
    part = _part(count, "explain.free", names=join(labels, "en"))
    return part[0], part[1], part[2], say("explain.free.other", "id", names=join(labels, "id"))


def reach_reason(total: int, parts: Sequence[Part]) -> tuple[str, str]:
    """Combine the parts of a reason about the officers in reach."""
    if len(parts) == 1 and parts[0][0] == total:
        _, singular, plural, verb_id = parts[0]
        if total == 1:
            return (
                say("explain.reach.only", "en", verb=singular),
                say("explain.reach.only", "id", verb=verb_id),
            )
        return (
            say("explain.reach.all", "en", count=total, verb=plural),
            say("explain.reach.all", "id", count=total, verb=verb_id),
        )
    en = [f"{count} {singular if count == 1 else plural}" for count, singular, plural, _ in parts]
    id_ = [f"{count} {verb_id}" for count, _, _, verb_id in parts]
    texts = []
    for lang, items in (("en", en), ("id", id_)):
        listed = "; ".join(items[:-1]) + say("explain.reach.and", lang) + items[-1]
        listed = listed if len(items) > 1 else items[-1]
        texts.append(say("explain.reach.some", lang, count=total, parts=listed))
    return texts[0], texts[1]


# --- assignments -------------------------------------------------------------------------------


PREFERENCES = ("same_village", "pppk_same_kecamatan", "same_kecamatan", "adjacent_kecamatan",
               "within_radius")  # fmt: skip


def _preference_words(preferences: Sequence[str], lang: Lang) -> str:
    return "; ".join(say(f"explain.preference.{p}", lang) for p in preferences)


def assignment_reason(preferences: Sequence[str], lang: Lang) -> str:
    """The plain reason of a placement, e.g. "PPPK yang bertugas di kecamatan yang sama"."""
    return _capital(_preference_words(preferences, lang))


def assignment(
    officer: Officer,
    agency: str,
    cooperative: Cooperative,
    role: str,
    preferences: Sequence[str],
    distance_km: float,
    travel_minutes: int,
    coverage: int,
    locality: int,
) -> tuple[str, str]:
    """One assignment, with its preferences and contributions."""
    texts = []
    for lang in _LANGS:
        texts.append(
            say(
                "explain.assignment",
                lang,
                officer=officer_label(officer),
                employment=officer.employment.value,
                agency=agency,
                cooperative=cooperative_label(cooperative, lang),
                role=role,
                reason=_preference_words(preferences, lang),
                km=fmt_km(distance_km, lang),
                minutes=travel_minutes,
                coverage=coverage,
                locality=locality,
            )
        )
    return texts[0], texts[1]


# --- breakdown ---------------------------------------------------------------------------------


def tier(
    name: str,
    value: int,
    bound: int | None,
    proven: bool,
    least: tuple[str, str, str] | None = None,
    unreachable: Sequence[str] = (),
) -> tuple[str, str]:
    """One objective tier. ``least`` is the least covered kecamatan for fairness: its name
    and its coverage in English and Indonesian (``("Telen", "76.5 %", "76,5 %")``);
    ``unreachable`` the names of the kecamatan the fairness tier leaves out."""
    texts = []
    for index, lang in enumerate(_LANGS):
        text = f"{_capital(say(f'tier.{name}', lang))}: {value}"
        if name == "fairness" and least is not None:
            text += say("explain.tier.least", lang, kecamatan=least[0], share=least[1 + index])
        if proven:
            text += say("explain.tier.proven", lang)
        elif bound is not None:
            key = "explain.tier.at_least" if name == "travel" else "explain.tier.at_most"
            text += say(key, lang, bound=bound)
        if name == "fairness" and unreachable:
            text += _unreachable(list(unreachable), lang)
        texts.append(text + ".")
    return texts[0], texts[1]


def _unreachable(names: list[str], lang: Lang) -> str:
    """The kecamatan left out of the fairness tier, named (the first
    :data:`UNREACHABLE_NAMED`, then how many more)."""
    shown = names[:UNREACHABLE_NAMED]
    listed = join_list(shown, lang)
    if len(names) > len(shown):
        listed = say("explain.tier.unreachable_more", lang, names=", ".join(shown),
                     more=len(names) - len(shown))  # fmt: skip
    return say("explain.tier.unreachable", lang, count=len(names), names=listed)


class BreakdownFigures(NamedTuple):
    """The slot figures of one kecamatan's breakdown row."""

    filled: int
    open: int
    closed: int
    reachable: int


def kecamatan_breakdown(
    figures: BreakdownFigures, coverage: int, locality: int, travel: int
) -> tuple[str, str]:
    """The figures and the objective's parts in one kecamatan (shown under its name): the
    share of its open slots filled and, where officers cannot reach them all, how many
    they can (or that none can: the fairness tier leaves the kecamatan out)."""
    texts = []
    for lang in _LANGS:
        share = percent(figures.filled, figures.open, lang)
        closed = figures.closed
        closed_text = say("explain.breakdown.closed", lang, closed=closed) if closed else ""
        reach_text = ""
        if figures.open and not figures.reachable:
            reach_text = say("explain.breakdown.unreachable", lang)
        elif figures.reachable < figures.open:
            reach_text = say("explain.breakdown.reach", lang, reachable=figures.reachable)
        texts.append(
            say(
                "explain.breakdown",
                lang,
                filled=figures.filled,
                open=figures.open,
                share=share,
                closed=closed_text,
                reach=reach_text,
                coverage=coverage,
                locality=locality,
                travel=travel,
            )
        )
    return texts[0], texts[1]


# --- conflicts ---------------------------------------------------------------------------------


def conflict_min_note(in_reach: int) -> tuple[str, str]:
    """Appended to a minimum that lacks candidates."""
    if in_reach == 0:
        return pair("explain.conflict.min_none")
    return pair("explain.conflict.min_some", count=in_reach)


def conflict_lock_unreachable(officer: str, cooperative: str, role: str | None) -> tuple[str, str]:
    """A lock that no allowed locality tier can satisfy."""
    key = "explain.conflict.lock_role" if role else "explain.conflict.lock"
    return pair(key, officer=officer, cooperative=cooperative, role=role)


def region_supply(slots: int, fillable: int) -> tuple[str, str]:
    """The whole region's bound, as a note."""
    if fillable >= slots:
        return pair("explain.region.enough", slots=slots)
    return pair("explain.region.short", slots=slots, most=fillable, missing=slots - fillable)


def no_conflict_found() -> tuple[str, str]:
    """When the conflict search found nothing (feasible, or out of time)."""
    return pair("explain.conflict.none_found")
