"""Every sentence of an explanation, in English and Bahasa Indonesia.

Each function returns ``(text_en, text_id)``. Numbers use a decimal point in English and a
decimal comma in Indonesian. Sentences are written as a planner would say them to the
bupati or to an agency head.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

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
    "Lang",
    "agency_hit_phrase",
    "assignment",
    "conflict_lock_unreachable",
    "conflict_min_note",
    "cooperative_label",
    "fmt_km",
    "join",
    "kecamatan_breakdown",
    "locality_rule",
    "no_conflict_found",
    "officer_label",
    "region_supply",
    "shortage",
    "tier",
    "vacancy_head",
]

Lang = Literal["en", "id"]

HEADINGS: dict[str, tuple[str, str]] = {
    "shortage": (
        "Supply and demand before solving",
        "Ketersediaan dan kebutuhan sebelum penyusunan",
    ),
    "vacancy": ("Why slots are empty", "Alasan posisi kosong"),
    "assignment": ("Assignments", "Penugasan"),
    "objective": ("Objective", "Nilai tujuan"),
    "conflict": (
        "Rules that cannot all hold (no feasible plan)",
        "Aturan yang tidak dapat dipenuhi bersamaan (tidak ada rencana yang layak)",
    ),
    "note": ("Notes", "Catatan"),
    "all": ("whole region", "seluruh wilayah"),
}

TIER_NAMES: dict[str, tuple[str, str]] = {
    "coverage": ("coverage", "cakupan"),
    "locality": ("locality", "lokalitas"),
    "travel": ("travel minutes", "menit perjalanan"),
    "fairness": ("fairness", "pemerataan"),
    "stability": ("baseline assignments kept", "penugasan lama dipertahankan"),
}


# --- formatting --------------------------------------------------------------------------------


def fmt_km(value: float, lang: Lang) -> str:
    """A distance with one decimal: "12.3" (en) or "12,3" (id)."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "id" else text


def _num(value: float, lang: Lang) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "id" else text


def join(items: Sequence[str], lang: Lang) -> str:
    """ "a, b and c" (en) or "a, b dan c" (id)."""
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    word = " and " if lang == "en" else " dan "
    return ", ".join(items[:-1]) + word + items[-1]


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def cooperative_label(cooperative: Cooperative, lang: Lang) -> str:
    """The cooperative's name, or "cooperative ID" / "koperasi ID"."""
    if cooperative.name:
        return cooperative.name
    return f"cooperative {cooperative.id}" if lang == "en" else f"koperasi {cooperative.id}"


def officer_label(officer: Officer) -> str:
    """ "Name (id)" or the id."""
    return f"{officer.name} ({officer.id})" if officer.name else officer.id


def _education_needed(policy: Policy, role_minimum: Education | None) -> Education:
    if role_minimum is not None and education_rank(role_minimum) > education_rank(
        policy.min_education
    ):
        return role_minimum
    return policy.min_education


def locality_rule(policy: Policy) -> tuple[str, str]:
    """The allowed locality tiers, e.g. "same village, ... or within 30 km"."""
    radius_en = f"within {_num(policy.radius_km, 'en')} km"
    radius_id = f"dalam radius {_num(policy.radius_km, 'id')} km"
    if policy.max_travel_minutes is not None:
        radius_en += f" or {_num(policy.max_travel_minutes, 'en')} min of travel"
        radius_id += f" atau {_num(policy.max_travel_minutes, 'id')} menit perjalanan"
    words = {
        LocalityTier.VILLAGE: ("the same village", "desa yang sama"),
        LocalityTier.KECAMATAN: ("the same kecamatan", "kecamatan yang sama"),
        LocalityTier.ADJACENT: ("an adjacent kecamatan", "kecamatan yang bersebelahan"),
        LocalityTier.RADIUS: (radius_en, radius_id),
    }
    tiers = [t for t in LocalityTier if t in policy.allowed_tiers]
    en = [words[t][0] for t in tiers]
    id_ = [words[t][1] for t in tiers]
    or_en = ", ".join(en[:-1]) + " or " + en[-1] if len(en) > 1 else "".join(en)
    or_id = ", ".join(id_[:-1]) + " atau " + id_[-1] if len(id_) > 1 else "".join(id_)
    return or_en, or_id


# --- shortages ---------------------------------------------------------------------------------


def shortage(
    kecamatan: str,
    role: str | None,
    slots: int,
    in_reach: int,
    max_fillable: int,
    status: str,
) -> tuple[str, str]:
    """One row of supply against demand."""
    where_en = kecamatan if role is None else f"{kecamatan}, {role}"
    where_id = where_en
    all_en = " in all" if role is None else ""
    all_id = " seluruhnya" if role is None else ""
    head_en = (
        f"{where_en}: {_plural(slots, 'slot', 'slots')}{all_en}, "
        f"{_plural(in_reach, 'eligible officer', 'eligible officers')} within reach; "
    )
    head_id = (
        f"{where_id}: {slots} posisi{all_id}, {in_reach} pegawai memenuhi syarat dalam jangkauan; "
    )
    if status == "coverable":
        tail_en, tail_id = "every slot can be filled", "semua posisi dapat terisi"
    elif status == "uncoverable":
        tail_en = "no plan can fill any of them"
        tail_id = "tidak ada rencana yang dapat mengisi satu pun"
    else:
        missing = slots - max_fillable
        tail_en = f"at most {max_fillable} can be filled whatever the plan ({missing} short)"
        tail_id = (
            f"paling banyak {max_fillable} dapat terisi, apa pun rencananya (kurang {missing})"
        )
    return head_en + tail_en + ".", head_id + tail_id + "."


# --- vacancies ---------------------------------------------------------------------------------


def vacancy_head(
    cooperative: Cooperative, kecamatan: str, role: str, count: int
) -> tuple[str, str]:
    """ "Koperasi X (Kaubun) has no keuangan" and its Indonesian twin."""
    name_en = _capital(cooperative_label(cooperative, "en"))
    name_id = _capital(cooperative_label(cooperative, "id"))
    if count == 1:
        return (
            f"{name_en} ({kecamatan}) has no {role}",
            f"{name_id} ({kecamatan}) tidak memiliki {role}",
        )
    return (
        f"{name_en} ({kecamatan}) has {count} empty {role} slots",
        f"{name_id} ({kecamatan}) masih kekurangan {count} {role}",
    )


def not_legal_entity() -> tuple[str, str]:
    """Reason: the cooperative may not receive officers."""
    return (
        "it has no legal-entity status yet, and the policy sends officers only to "
        "cooperatives that have one.",
        "koperasi ini belum berbadan hukum, dan kebijakan hanya menempatkan pegawai di "
        "koperasi yang sudah berbadan hukum.",
    )


def cooperative_full(capacity: int) -> tuple[str, str]:
    """Reason: the cooperative already has as many officers as it may receive."""
    return (
        f"the cooperative already has the {capacity} officers it may receive (cooperative "
        "capacity), fewer than the slots it asks for.",
        f"koperasi ini sudah menerima {capacity} pegawai, jumlah terbanyak yang boleh "
        "diterimanya (kapasitas koperasi), lebih sedikit dari posisi yang dimintanya.",
    )


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
        return (
            f"no officer in the whole pool has the {role} skill.",
            f"tidak ada pegawai di seluruh daftar yang memiliki keahlian {role}.",
        )
    if with_education == 0:
        return (
            f"{_plural(with_skill, 'officer', 'officers')} in the pool "
            f"{'has' if with_skill == 1 else 'have'} the {role} skill, but none meets the "
            f"education required ({needed}).",
            f"{with_skill} pegawai di seluruh daftar memiliki keahlian {role}, tetapi tidak ada "
            f"yang memenuhi syarat pendidikan ({needed}).",
        )
    return (
        f"{_plural(with_education, 'officer', 'officers')} in the pool "
        f"{'has' if with_education == 1 else 'have'} the {role} skill and the education, but "
        "none may be seconded (not available, an excluded group or employment kind).",
        f"{with_education} pegawai di seluruh daftar memiliki keahlian {role} dan pendidikannya, "
        "tetapi tidak ada yang dapat ditugaskan (tidak tersedia, kelompok yang dikecualikan, "
        "atau jenis kepegawaian).",
    )


def no_candidate(policy: Policy, nearest: Officer | None, km: float | None) -> tuple[str, str]:
    """Reason: nobody eligible within the locality rule."""
    rule_en, rule_id = locality_rule(policy)
    en = f"no eligible officer is within reach under the locality rule ({rule_en})"
    id_ = f"tidak ada pegawai yang memenuhi syarat dalam jangkauan aturan lokalitas ({rule_id})"
    if nearest is None or km is None:
        return (
            en + ", and no other eligible officer exists in the pool.",
            id_ + ", dan tidak ada pegawai lain yang memenuhi syarat di seluruh daftar.",
        )
    label = officer_label(nearest)
    return (
        en + f"; the nearest eligible one, {label}, is {fmt_km(km, 'en')} km away.",
        id_ + f"; yang terdekat, {label}, berjarak {fmt_km(km, 'id')} km.",
    )


# A part of a reach-based reason: (count, en singular verb, en plural verb, id verb phrase).
Part = tuple[int, str, str, str]


def placed_part(
    count: int,
    kecamatan_names: Sequence[str],
    details: Sequence[tuple[str, str]],
) -> Part:
    """ "are placed elsewhere, in Kaubun and Sandaran (o1 as keuangan at X, ...)"."""
    shown = list(details[:3])
    more = len(details) - len(shown)
    det_en = [d[0] for d in shown] + ([f"{more} more"] if more else [])
    det_id = [d[1] for d in shown] + ([f"{more} lainnya"] if more else [])
    where_en = f", in {join(kecamatan_names, 'en')}" if kecamatan_names else ""
    where_id = f", di {join(kecamatan_names, 'id')}" if kecamatan_names else ""
    tail_en = f"{where_en} ({join(det_en, 'en')}); moving one here would empty a slot there"
    tail_id = (
        f"{where_id} ({join(det_id, 'id')}); memindahkannya ke sini akan mengosongkan posisi "
        "di sana"
    )
    return (
        count,
        "is placed elsewhere" + tail_en,
        "are placed elsewhere" + tail_en,
        "sudah ditempatkan di tempat lain" + tail_id,
    )


def placed_detail(
    officer: Officer, role: str, cooperative: Cooperative, same: bool
) -> tuple[str, str]:
    """ "o1 as keuangan at Koperasi X" (or "here" when it is the same cooperative)."""
    label = officer_label(officer)
    if same:
        return f"{label} as {role} here", f"{label} sebagai {role} di koperasi ini"
    return (
        f"{label} as {role} at {cooperative_label(cooperative, 'en')}",
        f"{label} sebagai {role} di {cooperative_label(cooperative, 'id')}",
    )


def agency_hit_phrase(count: int, agency: str, released: int, cap: int) -> Part:
    """ "belong to Dinas X, which has reached its release cap (12 of 12)"."""
    tail_en = f"to {agency}, which has reached its release cap ({released} of {cap})"
    return (
        count,
        "belongs " + tail_en,
        "belong " + tail_en,
        f"berasal dari {agency}, yang sudah mencapai batas pelepasan ({released} dari {cap})",
    )


def hours_part(count: int) -> Part:
    """ "have no weekly hours left for it"."""
    return (
        count,
        "has no weekly hours left for it, travel included",
        "have no weekly hours left for it, travel included",
        "tidak memiliki sisa jam kerja mingguan untuk itu, termasuk perjalanan",
    )


def free_part(count: int, labels: Sequence[str]) -> Part:
    """ "could take it, but this plan does not use them (o1, o2)"."""
    names_en, names_id = join(labels, "en"), join(labels, "id")
    return (
        count,
        f"could take it and no rule stops them, but this plan does not ({names_en}): the "
        "plan can still be improved",
        f"could take it and no rule stops them, but this plan does not ({names_en}): the "
        "plan can still be improved",
        f"dapat mengisinya dan tidak ada aturan yang menghalangi, tetapi rencana ini tidak "
        f"memakainya ({names_id}): rencana ini masih dapat diperbaiki",
    )


def reach_reason(total: int, parts: Sequence[Part]) -> tuple[str, str]:
    """Combine the parts of a reason about the officers in reach."""
    if len(parts) == 1 and parts[0][0] == total:
        _, singular, plural, verb_id = parts[0]
        if total == 1:
            return (
                f"the only eligible officer within reach {singular}.",
                f"satu-satunya pegawai memenuhi syarat dalam jangkauan {verb_id}.",
            )
        return (
            f"all {total} eligible officers within reach {plural}.",
            f"semua {total} pegawai yang memenuhi syarat dalam jangkauan {verb_id}.",
        )
    en = [f"{count} {singular if count == 1 else plural}" for count, singular, plural, _ in parts]
    id_ = [f"{count} {verb_id}" for count, _, _, verb_id in parts]
    return (
        f"of the {_plural(total, 'eligible officer', 'eligible officers')} within reach, "
        + "; ".join(en[:-1])
        + ("; and " if len(en) > 1 else "")
        + en[-1]
        + ".",
        f"dari {total} pegawai yang memenuhi syarat dalam jangkauan, "
        + "; ".join(id_[:-1])
        + ("; dan " if len(id_) > 1 else "")
        + id_[-1]
        + ".",
    )


# --- assignments -------------------------------------------------------------------------------


PREFERENCE_WORDS: dict[str, tuple[str, str]] = {
    "same_village": ("lives in the same village", "tinggal di desa yang sama"),
    "pppk_same_kecamatan": (
        "PPPK working in the same kecamatan",
        "PPPK yang bertugas di kecamatan yang sama",
    ),
    "same_kecamatan": ("from the same kecamatan", "dari kecamatan yang sama"),
    "adjacent_kecamatan": ("from an adjacent kecamatan", "dari kecamatan yang bersebelahan"),
    "within_radius": ("within the radius", "dalam radius"),
}


def assignment(
    officer: Officer,
    agency: str,
    cooperative: Cooperative,
    kecamatan: str,
    role: str,
    preferences: Sequence[str],
    distance_km: float,
    travel_minutes: int,
    coverage: int,
    locality: int,
) -> tuple[str, str]:
    """One assignment, with its preferences and contributions."""
    label = officer_label(officer)
    employment = officer.employment.value
    prefs_en = join([PREFERENCE_WORDS[p][0] for p in preferences], "en")
    prefs_id = join([PREFERENCE_WORDS[p][1] for p in preferences], "id")
    return (
        f"{label} ({employment}, {agency}) serves {cooperative_label(cooperative, 'en')} "
        f"({kecamatan}) as {role}: {prefs_en}; {fmt_km(distance_km, 'en')} km, "
        f"{travel_minutes} min; adds coverage {coverage}, locality {locality}, travel "
        f"{travel_minutes} min.",
        f"{label} ({employment}, {agency}) ditempatkan di {cooperative_label(cooperative, 'id')} "
        f"({kecamatan}) sebagai {role}: {prefs_id}; {fmt_km(distance_km, 'id')} km, "
        f"{travel_minutes} menit; menambah cakupan {coverage}, lokalitas {locality}, "
        f"perjalanan {travel_minutes} menit.",
    )


# --- breakdown ---------------------------------------------------------------------------------


def tier(name: str, value: int, bound: int | None, proven: bool) -> tuple[str, str]:
    """One objective tier."""
    en_name, id_name = TIER_NAMES.get(name, (name, name))
    en = f"{_capital(en_name)}: {value}"
    id_ = f"{_capital(id_name)}: {value}"
    if name == "fairness":
        en += f" (the least served kecamatan has {fmt_km(value / 10, 'en')} % of its slots filled)"
        id_ += f" (kecamatan yang paling sedikit terlayani terisi {fmt_km(value / 10, 'id')} %)"
    if proven:
        en += " (proven optimal)"
        id_ += " (terbukti optimal)"
    elif bound is not None:
        en += f" (best possible at most {bound})" if name != "travel" else f" (at least {bound})"
        id_ += f" (paling baik {bound})" if name != "travel" else f" (paling sedikit {bound})"
    return en + ".", id_ + "."


def kecamatan_breakdown(
    kecamatan: str,
    filled: int,
    demanded: int,
    fairness: int | None,
    coverage: int,
    locality: int,
    travel: int,
) -> tuple[str, str]:
    """The objective's parts in one kecamatan."""
    share_en = f" ({fmt_km(fairness / 10, 'en')} %)" if fairness is not None else ""
    share_id = f" ({fmt_km(fairness / 10, 'id')} %)" if fairness is not None else ""
    return (
        f"{kecamatan}: {filled} of {_plural(demanded, 'slot', 'slots')} filled{share_en}; "
        f"coverage {coverage}, locality {locality}, travel {travel} min.",
        f"{kecamatan}: {filled} dari {demanded} posisi terisi{share_id}; cakupan {coverage}, "
        f"lokalitas {locality}, perjalanan {travel} menit.",
    )


# --- conflicts ---------------------------------------------------------------------------------


def conflict_min_note(in_reach: int) -> tuple[str, str]:
    """Appended to a minimum that lacks candidates."""
    if in_reach == 0:
        return (
            "; no eligible officer is within its reach under the locality rule",
            "; tidak ada pegawai memenuhi syarat dalam jangkauannya menurut aturan lokalitas",
        )
    return (
        f"; only {_plural(in_reach, 'eligible officer is', 'eligible officers are')} within "
        "its reach under the locality rule",
        f"; hanya {in_reach} pegawai memenuhi syarat dalam jangkauannya menurut aturan lokalitas",
    )


def conflict_lock_unreachable(officer: str, cooperative: str, role: str | None) -> tuple[str, str]:
    """A lock that no allowed locality tier can satisfy."""
    as_en = f" as {role}" if role else ""
    as_id = f" sebagai {role}" if role else ""
    return (
        f"officer {officer} is locked to cooperative {cooperative}{as_en}, but no allowed "
        "locality tier (or a forbid) links them",
        f"pegawai {officer} dikunci ke koperasi {cooperative}{as_id}, tetapi tidak ada tingkat "
        "lokalitas yang diizinkan (atau ada larangan) yang menghubungkan keduanya",
    )


def region_supply(slots: int, fillable: int) -> tuple[str, str]:
    """The whole region's bound, as a note."""
    if fillable >= slots:
        return (
            f"Across the whole region, the {slots} eligible slots could all be filled as far as "
            "slot, officer and agency limits allow.",
            f"Di seluruh wilayah, {slots} posisi dapat terisi semuanya sejauh batas posisi, "
            "pegawai dan instansi memungkinkan.",
        )
    return (
        f"Across the whole region, at most {fillable} of the {slots} eligible slots can be "
        f"filled whatever the plan ({slots - fillable} short, agency release caps included).",
        f"Di seluruh wilayah, paling banyak {fillable} dari {slots} posisi dapat terisi, apa "
        f"pun rencananya (kurang {slots - fillable}, batas pelepasan instansi sudah dihitung).",
    )


def no_conflict_found() -> tuple[str, str]:
    """When the conflict search found nothing (feasible, or out of time)."""
    return (
        "No set of contradicting rules was found (the scenario may be feasible, or the search "
        "ran out of time).",
        "Tidak ditemukan aturan yang saling bertentangan (skenario mungkin layak, atau waktu "
        "pencarian habis).",
    )
