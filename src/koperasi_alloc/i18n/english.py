"""The English table of the message catalogue (:mod:`koperasi_alloc.i18n`).

Long because it is the one table of every English message the library shows; its twin
:mod:`koperasi_alloc.i18n.indonesian` has the same keys, and ``tests/test_i18n.py`` walks
both.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- words shared by every surface
    "list.and": " and ",
    "unit.seconds": "{seconds} s",
    "status.OPTIMAL": "OPTIMAL",
    "status.FEASIBLE": "FEASIBLE",
    "status.INFEASIBLE": "INFEASIBLE",
    "status.NO_SOLUTION_IN_TIME": "NO_SOLUTION_IN_TIME",
    "status.MODEL_INVALID": "MODEL_INVALID",
    "sense.max": "max",
    "sense.min": "min",
    "tier.coverage": "coverage",
    "tier.locality": "locality",
    "tier.travel": "travel",
    "tier.fairness": "fairness",
    "tier.stability": "stability",
    "locality.village": "village",
    "locality.kecamatan": "kecamatan",
    "locality.adjacent": "adjacent",
    "locality.radius": "radius",
    # --- Plan.headline and Plan.summary
    "plan.headline.optimal": "optimal: all tiers proven",
    "plan.headline.best": "best found in {seconds} s: {tiers}",
    "plan.headline.infeasible": "no plan satisfies the hard rules (proven)",
    "plan.headline.none": "no plan found in {seconds} s",
    "plan.headline.invalid": "model rejected by the solver (a library bug: please report it)",
    "plan.headline.weighted_optimal": "optimal: weighted sum proven (tiers not proven one by one)",
    "plan.headline.weighted_best": (
        "best found in {seconds} s: weighted sum open (gap {gap} %); tiers not proven one by one"
    ),
    "plan.headline.weighted_unbounded": (
        "best found in {seconds} s: weighted sum open (bound unknown); tiers not proven one by one"
    ),
    "plan.key.weighted": "weighted",
    "plan.tier_line.weighted": "{value} ({sense}) part of the weighted sum, no bound of its own",
    "plan.tier.proven": "{tier} proven",
    "plan.tier.open_unbounded": "{tier} open (bound unknown)",
    "plan.tier.open_gap": "{tier} open (gap {gap} %)",
    "plan.key.status": "status",
    "plan.key.result": "result",
    "plan.key.slots": "slots",
    "plan.key.filled": "filled",
    "plan.key.budget": "budget",
    "plan.key.time": "time",
    "plan.key.note": "note",
    "plan.slots": "{demanded} demanded, all open to filling",
    "plan.slots_closed": (
        "{demanded} demanded, {closed} closed (no legal entity yet), {open} open to filling"
    ),
    "plan.filled": "{filled} of {open} open slots ({share}); {empty} empty",
    "plan.tier_line.proven": "{value} ({sense}) proven optimal",
    "plan.tier_line.unbounded": "{value} ({sense}) open, bound unknown",
    "plan.tier_line.open": "{value} ({sense}) open, bound {bound}, gap {gap} %",
    "plan.budget": "a longer budget could gain: {parts}",
    "plan.budget.unbounded": "{tier}: may improve or be proven optimal (no bound yet)",
    "plan.budget.max": "{tier}: at most {room} more",
    "plan.budget.min": "{tier}: at most {room} less",
    # --- explain: headings
    "explain.heading.shortage": "Supply and demand before solving",
    "explain.heading.vacancy": "Why slots are empty",
    "explain.heading.assignment": "Assignments",
    "explain.heading.objective": "Objective",
    "explain.heading.conflict": "Rules that cannot all hold (no feasible plan)",
    "explain.heading.note": "Notes",
    "explain.heading.region": "Whole region",
    "explain.cooperative": "cooperative {id}",
    "explain.more": "{count} more",
    "explain.roles.one": "role {roles}",
    "explain.roles.other": "roles {roles}",
    # --- explain: shortages (under the kecamatan's name)
    "explain.shortage.all.one": (
        "all roles: {count} open slot, {in_reach} eligible officers within reach; "
    ),
    "explain.shortage.all.other": (
        "all roles: {count} open slots, {in_reach} eligible officers within reach; "
    ),
    "explain.shortage.role.one": (
        'role "{role}": {count} open slot, {in_reach} eligible officers within reach; '
    ),
    "explain.shortage.role.other": (
        'role "{role}": {count} open slots, {in_reach} eligible officers within reach; '
    ),
    "explain.shortage.coverable": (
        "enough for every slot, as long as other kecamatan do not need the same officers."
    ),
    "explain.shortage.uncoverable": "no plan can fill any of them.",
    "explain.shortage.short": "at most {most} can be filled whatever the plan ({missing} short).",
    # --- explain: vacancies
    "explain.vacancy.clause": "{roles} empty because {reason}",
    "explain.vacancy.summary.not_legal_entity": (
        "{cooperatives} cooperatives have no legal-entity status yet: {slots} slots."
    ),
    "explain.vacancy.summary.cooperative_full": (
        "{cooperatives} cooperatives ask for more slots than the officers they may receive: "
        "{slots} slots."
    ),
    "explain.vacancy.summary.skill_or_education_missing": (
        "{cooperatives} cooperatives need a role nobody in the pool can fill: {slots} slots."
    ),
    "explain.vacancy.summary.no_candidate_in_reach": (
        "{cooperatives} cooperatives have no eligible officer within reach: {slots} slots."
    ),
    "explain.vacancy.summary.all_placed_elsewhere": (
        "{cooperatives} cooperatives have every officer in reach placed elsewhere: {slots} slots."
    ),
    "explain.vacancy.summary.agency_cap_binding": (
        "{cooperatives} cooperatives have officers in reach held back by an agency's release "
        "cap: {slots} slots."
    ),
    "explain.vacancy.summary.weekly_hours_binding": (
        "{cooperatives} cooperatives have officers in reach with no weekly hours left: {slots} "
        "slots."
    ),
    "explain.vacancy.summary.not_chosen": (
        "{cooperatives} cooperatives have free officers in reach that the plan did not choose: "
        "{slots} slots."
    ),
    "explain.reason.not_legal_entity": (
        "it has no legal-entity status yet, and the policy sends officers only to cooperatives "
        "that have one."
    ),
    "explain.reason.cooperative_full": (
        "the cooperative already has the {capacity} officers it may receive (cooperative "
        "capacity), fewer than the slots it asks for."
    ),
    "explain.reason.no_skill": 'no officer in the whole pool has the skill "{role}".',
    "explain.reason.no_education.one": (
        '{count} officer in the pool has the skill "{role}", but none meets the education '
        "required ({needed})."
    ),
    "explain.reason.no_education.other": (
        '{count} officers in the pool have the skill "{role}", but none meets the education '
        "required ({needed})."
    ),
    "explain.reason.none_seconded.one": (
        '{count} officer in the pool has the skill "{role}" and the education, but none may be '
        "seconded (not available, an excluded group or employment kind)."
    ),
    "explain.reason.none_seconded.other": (
        '{count} officers in the pool have the skill "{role}" and the education, but none may be '
        "seconded (not available, an excluded group or employment kind)."
    ),
    "explain.reason.no_reach_nobody": (
        "no eligible officer is within reach under the locality rule ({rule}), and no other "
        "eligible officer exists in the pool."
    ),
    "explain.reason.no_reach": (
        "no eligible officer is within reach under the locality rule ({rule}); the nearest "
        "eligible one, {officer}, is {km} km away."
    ),
    "explain.rule.village": "the same village",
    "explain.rule.kecamatan": "the same kecamatan",
    "explain.rule.adjacent": "an adjacent kecamatan",
    "explain.rule.radius": "within {km} km",
    "explain.rule.radius_minutes": "within {km} km or {minutes} min of travel",
    "explain.rule.or": " or ",
    "explain.placed.where": ", in {names}",
    "explain.placed.one": (
        "is placed elsewhere{where} ({details}); moving them here would empty a slot there"
    ),
    "explain.placed.other": (
        "are placed elsewhere{where} ({details}); moving one here would empty a slot there"
    ),
    "explain.placed.here": '{officer} as "{role}" here',
    "explain.placed.at": '{officer} as "{role}" at {at}',
    "explain.capped.one": (
        "belongs to {agency}, which has reached its release cap ({released} of {cap})"
    ),
    "explain.capped.other": (
        "belong to {agency}, which has reached its release cap ({released} of {cap})"
    ),
    "explain.hours.one": "has no weekly hours left for it, travel included",
    "explain.hours.other": "have no weekly hours left for it, travel included",
    "explain.free.one": (
        "could take it and no rule stops them, but this plan does not ({names}): the plan can "
        "still be improved"
    ),
    "explain.free.other": (
        "could take it and no rule stops them, but this plan does not ({names}): the plan can "
        "still be improved"
    ),
    "explain.reach.only": "the only eligible officer within reach {verb}.",
    "explain.reach.all": "all {count} eligible officers within reach {verb}.",
    "explain.reach.some.one": "of the {count} eligible officer within reach, {parts}.",
    "explain.reach.some.other": "of the {count} eligible officers within reach, {parts}.",
    "explain.reach.and": "; and ",
    # --- explain: assignments
    "explain.preference.same_village": "lives in the same village",
    "explain.preference.pppk_same_kecamatan": "PPPK working in the same kecamatan",
    "explain.preference.same_kecamatan": "from the same kecamatan",
    "explain.preference.adjacent_kecamatan": "from an adjacent kecamatan",
    "explain.preference.within_radius": "within the radius",
    "explain.assignment": (
        '{officer} ({employment}, {agency}) serves {cooperative} in the role "{role}": {reason}; '
        "{km} km, {minutes} min; adds coverage {coverage}, locality {locality}, travel {minutes} "
        "min."
    ),
    # --- explain: objective
    "explain.tier.least": (
        " (the least covered kecamatan, {kecamatan}, has {share} of its reachable slots filled)"
    ),
    "explain.tier.unreachable.one": (
        "; {count} kecamatan is left out as unreachable, no eligible officer can reach any of "
        "its slots: {names}"
    ),
    "explain.tier.unreachable.other": (
        "; {count} kecamatan are left out as unreachable, no eligible officer can reach any "
        "of their slots: {names}"
    ),
    "explain.tier.unreachable_more": "{names} and {more} more",
    "explain.tier.proven": " (proven optimal)",
    "explain.tier.at_most": " (best possible at most {bound})",
    "explain.tier.at_least": " (at least {bound})",
    "explain.breakdown": (
        "{filled} of {open} open slots filled ({share}){closed}{reach}; coverage {coverage}, "
        "locality {locality}, travel {travel} min."
    ),
    "explain.breakdown.closed": ", {closed} closed (no legal entity yet)",
    "explain.breakdown.reach": ", {reachable} within reach of an eligible officer",
    "explain.breakdown.unreachable": (
        ", none within reach of an eligible officer (unreachable: the fairness tier leaves "
        "this kecamatan out)"
    ),
    # --- explain: conflicts and notes
    "explain.conflict.min_none": (
        "; no eligible officer is within its reach under the locality rule"
    ),
    "explain.conflict.min_some.one": (
        "; only {count} eligible officer is within its reach under the locality rule"
    ),
    "explain.conflict.min_some.other": (
        "; only {count} eligible officers are within its reach under the locality rule"
    ),
    "explain.conflict.lock": (
        "officer {officer} is locked to cooperative {cooperative}, but no allowed locality tier "
        "(or a forbid) links them"
    ),
    "explain.conflict.lock_role": (
        'officer {officer} is locked to cooperative {cooperative} in the role "{role}", but no '
        "allowed locality tier (or a forbid) links them"
    ),
    "explain.conflict.none_found": (
        "No set of contradicting rules was found (the scenario may be feasible, or the search "
        "ran out of time)."
    ),
    "explain.region.enough": (
        "Across the whole region, the {slots} open slots could all be filled as far as slot, "
        "officer and agency limits allow."
    ),
    "explain.region.short": (
        "Across the whole region, at most {most} of the {slots} open slots can be filled "
        "whatever the plan ({missing} short, agency release caps included)."
    ),
    "explain.note.other_scenario": (
        "The plan was made for a different scenario (its hash differs); reasons refer to the "
        "scenario given."
    ),
    "explain.note.no_assignments": (
        "The plan has status {status}: it has no assignments to explain."
    ),
    # --- why an officer has no assignment
    "unassigned.unavailable": "not available",
    "unassigned.excluded_group": (
        "group {group} is not taken (teachers and health workers stay in service)"
    ),
    "unassigned.employment": "employment {employment} is not seconded under the policy",
    "unassigned.education": "education {education} is below the minimum {minimum}",
    "unassigned.no_role": "has no skill of a role the cooperatives ask for",
    "unassigned.no_reach": "no cooperative within reach asks for their roles",
    "unassigned.agency_cap": "{agency} has reached its release cap ({released} of {cap})",
    "unassigned.not_needed": "not needed: every slot within reach is filled",
    "unassigned.weekly_hours": "the empty slots within reach need more weekly hours than they have",
    "unassigned.not_chosen": (
        "could fill an empty slot within reach, but the plan does not use them"
    ),
    # --- the plan workbook: sheets, columns, words
    "sheet.assignments": "Assignments",
    "sheet.vacancies": "Vacancies",
    "sheet.summary": "Summary",
    "sheet.unassigned": "Unassigned officers",
    "sheet.changes": "Changes",
    "sheet.instructions": "Instructions",
    "word.yes": "yes",
    "word.no": "no",
    "employment.PNS": "PNS",
    "employment.PPPK": "PPPK",
    "employment.PPPK_PARUH_WAKTU": "part-time PPPK",
    "decision.approve": "approve",
    "decision.reject": "reject",
    "decision.lock": "lock",
    "col.assignments.kecamatan": "district",
    "col.assignments.village": "village",
    "col.assignments.village_code": "village_code",
    "col.assignments.cooperative": "cooperative",
    "col.assignments.cooperative_name": "cooperative_name",
    "col.assignments.officer": "officer",
    "col.assignments.name": "name",
    "col.assignments.employment": "employment",
    "col.assignments.agency": "agency",
    "col.assignments.home_village": "home_village",
    "col.assignments.home_kecamatan": "home_district",
    "col.assignments.work_kecamatan": "work_district",
    "col.assignments.role": "role",
    "col.assignments.role_name": "role_name",
    "col.assignments.tier": "locality",
    "col.assignments.distance_km": "distance_km",
    "col.assignments.minutes": "minutes",
    "col.assignments.reason": "reason",
    "col.assignments.decision": "decision",
    "col.vacancies.kecamatan": "district",
    "col.vacancies.village": "village",
    "col.vacancies.cooperative": "cooperative",
    "col.vacancies.cooperative_name": "cooperative_name",
    "col.vacancies.role": "role",
    "col.vacancies.role_name": "role_name",
    "col.vacancies.count": "count",
    "col.vacancies.reason_code": "reason_code",
    "col.vacancies.reason": "reason",
    "col.unassigned.officer": "officer",
    "col.unassigned.name": "name",
    "col.unassigned.reason": "reason",
    "col.unassigned.agency": "agency",
    "col.unassigned.agency_name": "agency_name",
    "col.unassigned.employment": "employment",
    "col.unassigned.education": "education",
    "col.unassigned.work_kecamatan": "work_district",
    "col.unassigned.home_village": "home_village",
    "col.unassigned.skills": "skills",
    "col.unassigned.group": "group",
    "col.unassigned.available": "available",
    "reason_code.not_legal_entity": "no_legal_entity",
    "reason_code.cooperative_full": "cooperative_full",
    "reason_code.skill_or_education_missing": "skill_or_education_missing",
    "reason_code.no_candidate_in_reach": "nobody_in_reach",
    "reason_code.all_placed_elsewhere": "all_placed_elsewhere",
    "reason_code.agency_cap_binding": "agency_cap",
    "reason_code.weekly_hours_binding": "weekly_hours",
    "reason_code.not_chosen": "not_chosen",
    "reason.not_legal_entity": "no legal entity yet",
    "reason.cooperative_full": "the cooperative is at its capacity",
    "reason.skill_or_education_missing": "nobody in the pool has the skill and education",
    "reason.no_candidate_in_reach": "nobody eligible within reach",
    "reason.all_placed_elsewhere": "everyone within reach is placed elsewhere",
    "reason.agency_cap_binding": "held back by an agency's release cap",
    "reason.weekly_hours_binding": "no weekly hours left",
    "reason.not_chosen": "free officers not chosen",
    # --- the Ringkasan sheet
    "summary.status": "status",
    "summary.headline": "headline",
    "summary.demanded": "slots demanded",
    "summary.closed": "slots closed (no legal entity yet)",
    "summary.open": "slots open to filling",
    "summary.filled": "slots filled",
    "summary.empty": "open slots empty",
    "summary.coverage": "filled share of open slots",
    "summary.empty_because": "empty: {reason}",
    "summary.seconds": "time (seconds)",
    "summary.note": "note",
    "summary.weighted_objective": "weighted objective",
    "summary.objective_bound": "objective bound",
    "summary.objective_gap": "objective gap",
    "summary.unknown": "unknown",
    "summary.proven": "proven",
    "summary.open_tier": "open",
    "summary.tiers": "Objective tiers",
    "summary.by_kecamatan": "Per kecamatan",
    "summary.by_role": "Per role",
    "summary.by_kabupaten": "Per kabupaten/kota",
    "summary.by_province": "Per province",
    "summary.total": "total",
    "col.tiers.tier": "tier",
    "col.tiers.value": "value",
    "col.tiers.bound": "bound",
    "col.tiers.sense": "sense",
    "col.tiers.status": "status",
    "col.tiers.gap": "gap",
    "col.figures.kecamatan.code": "district_code",
    "col.figures.kecamatan.name": "district",
    "col.figures.kecamatan.cooperatives": "cooperatives",
    "col.figures.kecamatan.demanded": "demanded",
    "col.figures.kecamatan.closed": "closed",
    "col.figures.kecamatan.open": "open",
    "col.figures.kecamatan.filled": "filled",
    "col.figures.kecamatan.empty": "empty",
    "col.figures.kecamatan.coverage": "filled share",
    "col.figures.kabupaten.code": "kabupaten_code",
    "col.figures.kabupaten.name": "kabupaten/kota",
    "col.figures.kabupaten.cooperatives": "cooperatives",
    "col.figures.kabupaten.demanded": "demanded",
    "col.figures.kabupaten.closed": "closed",
    "col.figures.kabupaten.open": "open",
    "col.figures.kabupaten.filled": "filled",
    "col.figures.kabupaten.empty": "empty",
    "col.figures.kabupaten.coverage": "filled share",
    "col.figures.province.code": "province_code",
    "col.figures.province.name": "province",
    "col.figures.province.cooperatives": "cooperatives",
    "col.figures.province.demanded": "demanded",
    "col.figures.province.closed": "closed",
    "col.figures.province.open": "open",
    "col.figures.province.filled": "filled",
    "col.figures.province.empty": "empty",
    "col.figures.province.coverage": "filled share",
    "col.figures.role.code": "role_code",
    "col.figures.role.name": "role",
    "col.figures.role.cooperatives": "cooperatives",
    "col.figures.role.demanded": "demanded",
    "col.figures.role.closed": "closed",
    "col.figures.role.open": "open",
    "col.figures.role.filled": "filled",
    "col.figures.role.empty": "empty",
    "col.figures.role.coverage": "filled share",
    "plan_help.1": "How to review this plan and send it back",
    "plan_help.2": (
        "Penugasan (Assignments): one row per officer placed. Column decision: approve, reject "
        "or lock; leave it empty when you have no decision."
    ),
    "plan_help.3": (
        "lock: the officer must stay at this cooperative in this role (a lock for the next "
        "re-plan)."
    ),
    "plan_help.4": (
        "approve: keep this assignment where the rules allow; the Changes sheet reports it as "
        "approved."
    ),
    "plan_help.5": "reject: this officer must not be placed at this cooperative (a forbid).",
    "plan_help.6": (
        "empty: free - no lock, no forbid; kept where the re-plan can, like every row that is "
        "not rejected."
    ),
    "plan_help.7": (
        "Deleting a row releases the assignment: the officer is not placed at that cooperative "
        "again. Officers no longer in the scenario are reported in one note and skipped."
    ),
    "plan_help.8": (
        "Change nothing else in the columns NIP, cooperative and role; the other columns are for "
        "reading."
    ),
    "plan_help.9": (
        "Then run: koperasi-alloc replan region.xlsx plan.xlsx -o plan-2.xlsx (or check / "
        "explain with the same two files)."
    ),
    "plan_help.10": (
        "The re-plan writes the sheet Changes: every assignment kept, moved, added or removed, "
        "with its reason."
    ),
    "plan_help.11": (
        "Summary has the figures: slots demanded, closed (no legal entity yet), open, filled and "
        "empty, per kecamatan and per role."
    ),
    "plan_help.12": (
        "Hidden sheets x_rencana and x_rencana_data keep the plan as written, to see what you "
        "changed: do not edit them."
    ),
    # --- the command line
    "cli.note": "note",
    "cli.read": "read {path} in {seconds} s",
    "cli.warning": "warning",
    "cli.error": "error",
    "cli.interrupted": "interrupted",
    "cli.wrote": "wrote {path}",
    "cli.generated": (
        "wrote {path}: {kecamatan} kecamatan, {villages} villages, {cooperatives} cooperatives, "
        "{officers} officers"
    ),
    "cli.demo": (
        "Kabupaten Kutai Timur: {kecamatan} kecamatan, {villages} desa/kelurahan (real codes, "
        "names, positions; modelled travel), {cooperatives} cooperatives, {officers} officers "
        "(synthetic, seed {seed})"
    ),
    "cli.candidates": "candidates {count} (built in {seconds} s)",
    "cli.pruned": ", {count} left out of CP-SAT",
    "cli.live.gap": " gap {gap} %",
    "cli.live.parts": " parts {done}/{total}",
    "cli.live.bound": "(bound {bound})",
    "cli.check.valid.one": "check: valid, {count} assignment, no violations",
    "cli.check.valid.other": "check: valid, {count} assignments, no violations",
    "cli.check.violations.one": "check: {count} violation",
    "cli.check.violations.other": "check: {count} violations",
    "cli.check.more": "... and {count} more",
    "cli.check.figures": (
        "slots: {demanded} demanded, {closed} closed, {open} open, {filled} filled ({share})"
    ),
    "cli.review": (
        "read {path}: {kept} assignments in force, kept where possible (every row but reject), "
        "{locks} locks, {forbids} forbidden pairs (reject, deleted rows)"
    ),
    "cli.locks_read": "{count} lock(s) read from {path}",
    "cli.proposal_suffix": "-o {path}: write a proposal as .xlsx or .json",
    # --- the checker's rules, as a planner names them
    "rule.agency_release": "agency release cap",
    "rule.baseline_changes": "changes from the plan in force",
    "rule.cooperative_capacity": "cooperative capacity",
    "rule.eligibility": "eligibility",
    "rule.forbids": "forbidden pair",
    "rule.locality": "locality",
    "rule.locks": "lock",
    "rule.objective": "objective values",
    "rule.officer_capacity": "officer capacity",
    "rule.slot_capacity": "slots of a role",
    "rule.status": "status",
    "rule.vacancies": "vacancies",
    "rule.weekly_hours": "weekly hours",
    "rule.check": "plan",
    # --- reading a reviewed plan workbook back
    "review.gone.one": (
        "{count} officer of the plan is no longer in the scenario and is skipped: {ids}"
    ),
    "review.gone.other": (
        "{count} officers of the plan are no longer in the scenario and are skipped: {ids}"
    ),
    "review.released.one": (
        "{count} row deleted from the sheet: released, not placed at that cooperative again: "
        "{items}"
    ),
    "review.released.other": (
        "{count} rows deleted from the sheet: released, not placed at those cooperatives again: "
        "{items}"
    ),
    "review.more": ", and {count} more",
    "review.no_copy": (
        "the workbook holds no copy of the plan as written (hidden sheet x_rencana): deleted "
        "rows cannot be seen"
    ),
    "review.twice": "the same assignment as row {first}: counted once",
    "review.two_decisions": "the same assignment as row {first} with another decision: keep one",
    "review.lock_and_reject": (
        "the pair is locked in one row and rejected in another (row {first}): keep one"
    ),
    "review.bad_decision": "must be {choices} (or empty), not {value}",
    "review.lock_held": (
        "officer {officer} is already locked to cooperative {cooperative}: one lock"
    ),
    # --- changes of a re-plan
    "change.kind.kept": "kept",
    "change.kind.moved": "moved",
    "change.kind.added": "added",
    "change.kind.removed": "removed",
    "change.counts": "changes: {kept} kept, {moved} moved, {added} added, {removed} removed",
    "change.line.moved": (
        "moved: {officer} from {source} ({from_role}) to {target} ({to_role}): {reason}"
    ),
    "change.line.added": "added: {officer} at {target} ({to_role}): {reason}",
    "change.line.removed": "removed: {officer} from {source} ({from_role}): {reason}",
    "change.line.kept": "kept: {officer} at {target} ({to_role}): {reason}",
    "change.reason.lock": "locked by the planner",
    "change.reason.approve": "approved by the planner",
    "change.reason.unchanged": "unchanged",
    "change.reason.rejected": "rejected by the planner",
    "change.reason.released": "row deleted by the planner (released)",
    "change.reason.officer_removed": "the officer is no longer in the scenario",
    "change.reason.officer_unavailable": "the officer is no longer available",
    "change.reason.no_longer_eligible": "no longer allowed by the rules",
    "change.reason.over_capacity": (
        "no room left under the limits (slots, capacity, hours or agency cap)"
    ),
    "change.reason.improvement": "a better plan (more slots filled, or closer)",
    "change.reason.new_cooperative_staffed": "staffs a cooperative that had nobody",
    "change.reason.fills_vacancy": "fills a slot that was empty or vacated",
    "col.changes.change": "change",
    "col.changes.officer": "officer",
    "col.changes.name": "name",
    "col.changes.from_cooperative": "old_cooperative",
    "col.changes.from_name": "old_cooperative_name",
    "col.changes.from_role": "old_role",
    "col.changes.to_cooperative": "new_cooperative",
    "col.changes.to_name": "new_cooperative_name",
    "col.changes.to_role": "new_role",
    "col.changes.reason": "reason",
    # --- notes the solver and the planning functions write (English; patterns for others)
    "note.warm_start_kept": "time budget too short to improve the warm start with CP-SAT",
    "note.round_plan_kept": (
        "time budget too short to improve the previous round's plan with CP-SAT"
    ),
    "note.no_plan_in_time": "time budget spent before a plan was found",
    "note.interrupted": "interrupted: returning the best plan found so far",
    "note.parts_unsolved": (
        "{unsolved} of {parts} parts not solved within the time budget: their cooperatives are "
        "left vacant"
    ),
    "note.time_limit": "time limit reached before the plan was proven optimal",
    "note.gap_limit": "gap limit reached: the plan is within the gap, not proven optimal",
    "note.callback_stop": "stopped by the callback: returning the best plan found so far",
    "note.stop": "stopped on request: returning the best plan found so far",
    "note.parts_unsolved_stop": (
        "{unsolved} of {parts} parts not solved before the stop: their cooperatives are left vacant"
    ),
    "note.parts_lost": (
        "{count} part(s) lost to a failed worker, their cooperatives left vacant: {parts}"
    ),
    "note.model_rejected": "CP-SAT rejected the model or its parameters: {reason}",
    "note.still_valid": "the still-valid part of the baseline",
    "note.fell_short": "the solver fell short of the still-valid baseline; returning that",
    "note.hires": "existing staff plus {count} hypothetical hire(s) (HIRE-...)",
    "note.no_hires_plan": "no plan with hires was found",
    "note.recommendation": "plan with recommendation {rank} applied: {text}",
    "note.edited": "edited in the workbook: {count} assignments differ from the plan as written",
    "note.edited_one": (
        "edited in the workbook: {count} assignment differs from the plan as written"
    ),
    # --- the hiring proposal
    "hires.sheet": "Proposed PPPK hires",
    "hires.assignment_sheet": "Assignments with hires",
    "hires.title": "Proposed additional part-time PPPK - HYPOTHETICAL (not recruited yet)",
    "hires.seat_note": (
        "Each hire is proposed for a kecamatan and works from its seat; for the locality rule "
        "they live in the village nearest the seat, so that village's cooperative is reached at "
        "the village tier, every other one at the kecamatan tier or beyond."
    ),
    "hires.figure.status": "status",
    "hires.figure.hires": "hires proposed",
    "hires.figure.hires_bound": "proven lower bound",
    "hires.figure.filled_before": "slots filled without hires",
    "hires.figure.filled_after": "slots filled with hires",
    "hires.figure.total_slots": "open slots",
    "hires.figure.wall_time": "time (seconds)",
    "hires.col.kabupaten": "kabupaten",
    "hires.col.kecamatan": "kecamatan",
    "hires.col.role": "role",
    "hires.col.role_name": "role_name",
    "hires.col.hires": "hires",
    "hires.col.min_education": "min_education",
    "hires.col.cooperatives": "cooperatives",
    "hires.col.hire_ids": "hire_ids",
    "hires.col.bound": "proven lower bound",
    "hires.col.hypothetical": "hypothetical",
    "hires.totals": "Totals per kabupaten/kota",
    "hires.assignment.officer": "officer_id",
    "hires.assignment.name": "name",
    "hires.assignment.kecamatan": "kecamatan",
    "hires.assignment.cooperative": "cooperative",
    "hires.assignment.role": "role",
    "hires.assignment.tier": "locality",
    "hires.assignment.distance_km": "distance_km",
    "hires.assignment.hypothetical": "hypothetical",
    "hires.text.title": "Proposed additional part-time PPPK (HYPOTHETICAL: not recruited yet)",
    "hires.text.proven": "Status: OPTIMAL ({hires} proven to be the fewest)",
    "hires.text.open": "Status: {status} (not proven optimal; at least {bound} are needed)",
    "hires.text.before": (
        "Without hires: {before} of {slots} open slots filled ({empty_before} empty)."
    ),
    "hires.text.after": (
        "With {hires} proposed new officers: {after} of {slots} open slots filled ({empty_after} "
        "stay empty)."
    ),
    "hires.text.unreachable": "  {count} of them: no officer, existing or hired, can reach them.",
    "hires.text.limited": "  {count} of them: filling them would need more hires than the limit.",
    "hires.text.other_rules": (
        "  {count} of them: other rules keep them empty (cooperative capacity, release caps, "
        "the budget)."
    ),
    "hires.text.limit": "Limit asked for: at most {most} hires.",
    "hires.text.rows": "Per kecamatan and role:",
    "hires.text.row": (
        "  Kec. {kecamatan} ({code}), {role}: {count}, minimum education {education}, for "
        "{cooperatives}"
    ),
    "hires.text.total": (
        "Total for kabupaten/kota {kabupaten}: {count} in {kecamatan} kecamatan, {cooperatives} "
        "cooperatives."
    ),
    # --- the web app (koperasi-alloc serve)
    "web.title": "koperasi-alloc: ASN for the Koperasi Merah Putih",
    "web.footer": (
        "Plans are checked rule by rule by a checker independent of the solver. Jobs and "
        "their files are deleted after the time the office set."
    ),
    "web.nav.new": "New plan",
    "web.nav.api": "API for apps",
    "web.nav.other_language": "Bahasa Indonesia",
    "web.home.heading": "Place ASN in the village cooperatives",
    "web.home.lead": (
        "Upload the region's workbook, solve it with a time budget, read the plan and its "
        "map, review it in Excel and send it back."
    ),
    "web.home.step": "1. The region",
    "web.home.file": "Scenario workbook (.xlsx), JSON scenario (.json) or zip of CSV files (.zip)",
    "web.home.file_hint": "At most {mb} MB. Problems are listed by sheet, row and column.",
    "web.home.region": "Or a built-in region",
    "web.home.region_none": "(none: use the file)",
    "web.home.time_limit": "Time budget (seconds)",
    "web.home.time_hint": (
        "From 1 to {most} seconds; the Stop button ends the search earlier and keeps the "
        "best plan found."
    ),
    "web.home.solve": "Make the plan",
    "web.home.template": "Download the empty workbook",
    "web.home.template_hint": (
        "sheets Kecamatan, Desa, Koperasi, Pegawai, Peran, Instansi and Aturan, each with "
        "instructions and an example row"
    ),
    "web.home.how": "How it works",
    "web.home.how.upload": "Upload the workbook (or pick a built-in region).",
    "web.home.how.solve": "Watch the search; press Stop whenever the plan is good enough.",
    "web.home.how.read": (
        "Read the headline, the figures per kecamatan, the reason of every empty position "
        "and the map; download plan.xlsx."
    ),
    "web.home.how.review": (
        "Fill in the keputusan column of plan.xlsx (kunci, setuju, tolak), upload it, and "
        "see what changed and why."
    ),
    "web.home.how.hires": "Ask for the fewest new PPPK for the positions that stay empty.",
    "web.home.keep": (
        "Jobs are kept {hours} hours, then deleted with their files. At most {running} "
        "searches run at once; the others wait their turn. Keep the address of a job's page "
        "to come back to it."
    ),
    "web.region.kutai-timur": "Kabupaten Kutai Timur (built in: 141 cooperatives)",
    "web.region.province": "Provinsi Kalimantan Timur (built in: 1,038 cooperatives)",
    "web.kind.solve": "Plan",
    "web.kind.replan": "Re-plan",
    "web.kind.hires": "Hiring proposal",
    "web.state.queued": "Waiting for its turn ({count} ahead)",
    "web.state.next": "Waiting: next in line",
    "web.state.running": "Searching",
    "web.state.stopping": "Stopping: keeping the best plan found so far",
    "web.state.writing": "Writing the plan's files",
    "web.state.done": "Done",
    "web.state.failed": "Could not be done",
    "web.state.cancelled": "Cancelled before it started",
    "web.progress.none": "Starting ...",
    "web.progress.value": "{tier}: {value}",
    "web.progress.bound": "(bound {bound})",
    "web.progress.gap": "gap {gap} %",
    "web.progress.parts": "parts {done}/{total}",
    "web.progress.components": "finished parts",
    "web.result.closed": (
        "{slots} positions in {cooperatives} cooperatives are closed: no legal entity yet "
        "(listed on the Kekosongan sheet of plan.xlsx)"
    ),
    "web.hires.headline.proven": (
        "{hires} new PPPK, proven the fewest: {after} of {slots} open positions filled"
    ),
    "web.hires.headline.open": (
        "{hires} new PPPK (at least {bound}; not proven the fewest): {after} of {slots} open "
        "positions filled"
    ),
    "web.progress.budget": "Time budget: {seconds} seconds.",
    "web.job.stop": "Stop",
    "web.job.stop_hint": "Stop ends the search within a second and keeps the best plan found.",
    "web.job.bookmark": (
        "You may close this page: the job goes on, and its address brings you back to it."
    ),
    "web.job.parent": "the plan it started from",
    "web.stopped_by.time_limit": "time budget reached",
    "web.stopped_by.gap_limit": "gap limit reached",
    "web.stopped_by.callback": "stopped by the progress callback",
    "web.stopped_by.stop": "stopped with the Stop button",
    "web.stopped_by.interrupt": "interrupted",
    "web.result.checked": "Checked: every rule holds (checker independent of the solver).",
    "web.result.violations": "The checker found {count} broken rules: do not use this plan.",
    "web.result.summary": "Summary",
    "web.result.notes.one": "{count} note on reading the files",
    "web.result.notes.other": "{count} notes on reading the files",
    "web.result.map": "Map",
    "web.result.downloads": "Downloads",
    "web.result.keep": "The files are kept {hours} hours after the job ended.",
    "web.result.same_figures": "The same figures as the Ringkasan sheet of plan.xlsx.",
    "web.result.more_rows": "... and {count} more in plan.xlsx.",
    "web.result.no_vacancies": "No open position is left empty.",
    "web.file.plan_xlsx": "plan.xlsx: the plan for review (Excel, keputusan column)",
    "web.file.plan_json": "plan.json: the plan for other programs",
    "web.file.plan_geojson": "plan.geojson: the map for QGIS",
    "web.file.map_html": "map.html: the interactive map as one file (works offline)",
    "web.file.proposal_json": "proposal.json: the hiring proposal for other programs",
    "web.filename.plan": "plan",
    "web.filename.map": "map",
    "web.filename.proposal": "proposal",
    "web.filename.template": "region-template",
    "web.col.kecamatan": "kecamatan",
    "web.col.cooperative": "cooperative",
    "web.col.role": "role",
    "web.col.empty": "empty",
    "web.col.reason": "reason",
    "web.col.change": "change",
    "web.col.officer": "officer",
    "web.col.from": "from",
    "web.col.to": "to",
    "web.col.why": "why",
    "web.col.hires": "new PPPK",
    "web.col.education": "minimum education",
    "web.col.serves": "cooperatives served",
    "web.changes.heading": "What changed, and why",
    "web.changes.sheet": "plan.xlsx lists every row, kept ones too, on its sheet Perubahan.",
    "web.hires.hypothetical": (
        "Every proposed hire is hypothetical (not recruited yet): marked so in plan.xlsx, "
        "and their ids start with HIRE-."
    ),
    "web.next.review": "4. Review and re-plan",
    "web.next.review_hint": (
        "Download plan.xlsx, fill in its keputusan column (kunci: keep; setuju: approve; "
        "tolak: never this cooperative; a deleted row: release), and send it back."
    ),
    "web.next.review_file": "The reviewed plan.xlsx",
    "web.next.replan": "Re-plan",
    "web.next.hires": "5. New PPPK for what stays empty",
    "web.next.hires_hint": (
        "The fewest new (hypothetical) PPPK that fill the positions this plan leaves empty; "
        "the plan itself stays as it is."
    ),
    "web.next.propose": "Propose new PPPK",
    "web.api.heading": "The same loop for apps: a JSON API",
    "web.api.lead": (
        "Every step of these pages is an HTTP call; openapi.json describes each one. Add "
        "?lang=en or ?lang=id for the words in the answers."
    ),
    "web.api.method": "method",
    "web.api.path": "address",
    "web.api.what": "what it does",
    "web.error.heading": "That did not work",
    "web.error.format": (
        "{name}: only a workbook (.xlsx), a JSON scenario (.json) or a zip of CSV files "
        "(.zip) can be read"
    ),
    "web.error.plan_format": "{name}: send back the plan workbook (.xlsx) this app wrote",
    "web.error.empty": "{name} is empty",
    "web.error.too_large": "the upload is larger than {limit} MB, the limit this office set",
    "web.error.unpacked_too_large": "the file unpacks to more than {limit} MB: not read",
    "web.error.not_a_workbook": (
        "{name} is not an Excel workbook that can be opened: save it again from Excel as .xlsx"
    ),
    "web.error.zip_broken": "{name} is not a zip file that can be opened",
    "web.error.zip_empty": (
        "{name} holds none of the CSV files of a scenario (districts.csv, villages.csv, "
        "cooperatives.csv, officers.csv, roles.csv, agencies.csv)"
    ),
    "web.error.scenario.one": "{name} was not read: 1 problem, with where it is:",
    "web.error.scenario.other": "{name} was not read: {count} problems, each with where it is:",
    "web.error.time_limit": "the time budget must be a number of seconds from 1 to {most}",
    "web.error.bad_form": "the request is not a form this app reads",
    "web.error.region": "{name} is not a built-in region",
    "web.error.no_file": "choose a file to upload, or a built-in region",
    "web.error.no_plan_file": "choose the reviewed plan workbook (.xlsx) to send back",
    "web.error.no_parent_plan": (
        "a re-plan or a proposal starts from a finished plan (not from a proposal)"
    ),
    "web.error.not_found": (
        "no such job: the address is wrong, or the job was deleted {hours} hours after it ended"
    ),
    "web.error.not_found_page": "no such page",
    "web.error.method": "this address does not take that kind of request",
    "web.error.no_file_here": "this job has no file {name} (yet)",
    "web.error.queue_full": "{count} jobs are already waiting; try again in a few minutes",
    "web.error.internal": (
        "something went wrong inside the app; it was written to the server's log"
    ),
    "web.serve.open": (
        "serving on {address} (data folder {folder}; jobs kept {hours} hours; at most "
        "{running} searches at once); Ctrl-C stops"
    ),
    "cli.serve.missing": ('the web app needs its extra: pip install "koperasi-alloc[app]"'),
    # --- the table readers (workbook and CSV folder): problems and notes
    "table.key_lossy": (
        "{label} must be text: the number {value} has lost digits; type it as text (Text cell "
        "format, or prefix it with ')"
    ),
    "table.key_type": "{label} must be text, not {value}",
    "table.number": "must be a number, not {value}",
    "table.integer": "must be a whole number, not {value}",
    "table.bool": "must be yes or no, not {value}",
    "table.choice": "must be one of: {choices}; not {value}",
    "table.json": "is not valid JSON: {error}",
    "table.json_object": "must be a JSON object {{...}}",
    "table.json_array": "must be a JSON array [...]",
    "table.pair": "must look like key:value; key:value, not {value}",
    "table.twice": "{what} {value} is given twice",
    "table.missing_column": "required column is missing",
    "table.unknown_column": "unknown column (prefix its header with x_ to keep it as an attribute)",
    "table.duplicate_column": "duplicate column (also column {other})",
    "table.no_header": "value in a column without a header",
    "table.missing_sheet": "required sheet is missing",
    "table.unknown_sheet": "unknown sheet (prefix its name with x_ if on purpose)",
    "table.missing_file": "required file is missing",
    "table.unknown_key": "unknown policy key",
    "table.duplicate_key": "duplicate key (also row {other})",
    "table.unreadable": "cannot be read: {error}",
    "table.required": "is required",
    "table.jenis": "must be lock or forbid, not {value}",
    "table.unknown_ref": "unknown {what} {value}",
    "table.skipped_refs": "{count} references to {what} were not checked",
    "table.name_as_code": "{value} is the name of a {what}; read as its code: {code}",
    "table.spelling": "{value} read as {canonical}",
    "table.nip_spelling": "NIP {value} read as {nip} (spaces, dots and hyphens removed)",
    "table.nip_shape": "warning: NIP/NI PPPK {value} is not 18 digits; check it",
    "table.name_ambiguous": (
        "{value} is the name of {count} {whats}: {codes}; write the code of the one meant"
    ),
    "table.not_a_code": (
        "{value} is neither a {what} code nor the name of a known {what}; write its code, e.g. "
        "{example}"
    ),
    "word.file": "file",
    "error.scenario.one": "scenario has {shown} problem:",
    "error.scenario.other": "scenario has {shown} problems:",
    "error.more": "... and {more} more",
    "error.stopped_after": "reading stopped after {count} problems; later records were not checked",
    "io.unsupported": "unsupported format: use .json, .xlsx or a folder of CSV files",
    "io.geojson_locks": "read locks from the plan's .json, .xlsx or folder, not from GeoJSON",
    "io.no_such_file": "no such file",
    "io.scenario_suffix.read": (
        "cannot read a scenario as {suffix}: use .json, .xlsx or a folder of CSV files"
    ),
    "io.scenario_suffix.write": (
        "cannot write a scenario as {suffix}: use .json, .xlsx or a folder of CSV files"
    ),
    "io.scenario_no_suffix": (
        "cannot read a scenario in a file without a suffix: use .json, .xlsx or a folder of "
        "CSV files"
    ),
    "io.plan_suffix.read": "cannot read a plan as {suffix}: use .json, .xlsx or a folder",
    "io.plan_suffix.write": "cannot write a plan as {suffix}: use .json, .xlsx or a folder",
    "io.plan_needs_scenario": (
        "a plan as {suffix} needs its scenario: use write_plan(plan, scenario, path)"
    ),
    "io.workbook_needs_scenario": (
        "a plan workbook is read with its scenario: read_plan(path, scenario) (or "
        "read_plan_review for the planner's decisions)"
    ),
    "io.folder_without_tables": ("is a directory, not a scenario file, and holds none of {files}"),
    # national summaries (koperasi_alloc.summary): columns, choropleth words
    "col.area.province": "province",
    "col.area.province_name": "province_name",
    "col.area.kabupaten": "kabupaten",
    "col.area.kabupaten_name": "kabupaten_name",
    "col.area.kecamatan": "kecamatan",
    "col.area.kecamatan_name": "kecamatan_name",
    "col.area.cooperatives": "cooperatives",
    "col.area.demanded": "demanded",
    "col.area.closed": "closed",
    "col.area.open": "open",
    "col.area.filled": "filled",
    "col.area.empty": "empty",
    "col.area.share_filled": "share_filled",
    "col.area.officers": "officers",
    "col.area.placed": "placed",
    "col.area.unused": "unused",
    "col.area.hires": "hires",
    "col.area.filled_with_hires": "filled_with_hires",
    "col.area.share_filled_with_hires": "share_filled_with_hires",
    "col.area.empty_cooperative_full": "empty_cooperative_full",
    "col.area.empty_skill_or_education_missing": "empty_skill_or_education_missing",
    "col.area.empty_no_candidate_in_reach": "empty_no_candidate_in_reach",
    "col.area.empty_all_placed_elsewhere": "empty_all_placed_elsewhere",
    "col.area.empty_agency_cap_binding": "empty_agency_cap_binding",
    "col.area.empty_weekly_hours_binding": "empty_weekly_hours_binding",
    "col.area.empty_not_chosen": "empty_not_chosen",
    "col.area.unused_unavailable": "unused_unavailable",
    "col.area.unused_excluded_group": "unused_excluded_group",
    "col.area.unused_employment": "unused_employment",
    "col.area.unused_education": "unused_education",
    "col.area.unused_no_role": "unused_no_role",
    "col.area.unused_no_reach": "unused_no_reach",
    "col.area.unused_agency_cap": "unused_agency_cap",
    "col.area.unused_not_needed": "unused_not_needed",
    "col.area.unused_weekly_hours": "unused_weekly_hours",
    "col.area.unused_not_chosen": "unused_not_chosen",
    "area.level.province": "province",
    "area.level.kabupaten": "kabupaten/kota",
    "area.level.kecamatan": "kecamatan",
    "area.value.demanded": "slots demanded",
    "area.value.closed": "slots closed (no legal entity yet)",
    "area.value.open": "open slots",
    "area.value.filled": "slots filled",
    "area.value.empty": "open slots left empty",
    "area.value.share_filled": "share of open slots filled",
    "area.value.cooperatives": "cooperatives",
    "area.value.officers": "officers listed (by work unit)",
    "area.value.placed": "officers placed",
    "area.value.unused": "officers left unused",
    "area.value.hires": "proposed hires (hypothetical)",
    "area.value.filled_with_hires": "slots filled with the proposed hires",
    "area.value.share_filled_with_hires": "share of open slots filled with the proposed hires",
    "area.value.empty_reason": "empty slots: {reason}",
    "area.value.unused_reason": "unused officers: {reason}",
    "area.unused.unavailable": "not available",
    "area.unused.excluded_group": "group excluded (guru, nakes)",
    "area.unused.employment": "employment kind not allowed",
    "area.unused.education": "education below the minimum",
    "area.unused.no_role": "no skill a cooperative asks for",
    "area.unused.no_reach": "no cooperative in reach",
    "area.unused.agency_cap": "agency release cap reached",
    "area.unused.not_needed": "not needed: slots in reach filled",
    "area.unused.weekly_hours": "weekly hours too few",
    "area.unused.not_chosen": "free, not chosen",
    "area.title": "{region}: {value}, by {level}",
    "area.no_value": "no open slots",
    "area.outline.province": "province boundary",
    "area.outline.kecamatan": "kecamatan boundary",
    "area.outline.kabupaten": "kabupaten/kota boundary",
    "area.unknown_value": "unknown value {value!r}; choose one of: {choices}",
    "area.unknown_level": 'by must be "province", "kabupaten" or "kecamatan", not {by!r}',
    "area.needs_proposal": "{value!r} needs a hiring proposal (proposal=...)",
    "area.no_boundaries": (
        "no shipped boundary for the {level} of this scenario (codes not in the Kemendagri data)"
    ),
    "cli.map_by_needs_plan": "--by colours the areas of a plan: give the plan",
}
