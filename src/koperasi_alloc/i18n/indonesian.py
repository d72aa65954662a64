"""The Bahasa Indonesia table of the message catalogue (:mod:`koperasi_alloc.i18n`).

Long because it is the one table of every Indonesian message the library shows; it has
exactly the keys of :mod:`koperasi_alloc.i18n.english`, and ``tests/test_i18n.py`` walks
both. Written as a planner at a BKPSDM would say it: roles are named as roles ("peran
keuangan / bendahara"), never as the thing a cooperative lacks.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- words shared by every surface
    "list.and": " dan ",
    "unit.seconds": "{seconds} detik",
    "status.OPTIMAL": "OPTIMAL",
    "status.FEASIBLE": "LAYAK",
    "status.INFEASIBLE": "TIDAK LAYAK",
    "status.NO_SOLUTION_IN_TIME": "TIDAK ADA RENCANA DALAM WAKTU",
    "status.MODEL_INVALID": "MODEL DITOLAK",
    "sense.max": "maks",
    "sense.min": "min",
    "tier.coverage": "cakupan",
    "tier.locality": "lokalitas",
    "tier.travel": "perjalanan",
    "tier.fairness": "pemerataan",
    "tier.stability": "stabilitas",
    "locality.village": "desa",
    "locality.kecamatan": "kecamatan",
    "locality.adjacent": "kecamatan tetangga",
    "locality.radius": "radius",
    # --- Plan.headline and Plan.summary
    "plan.headline.optimal": "optimal: semua tier terbukti",
    "plan.headline.best": "terbaik yang ditemukan dalam {seconds} detik: {tiers}",
    "plan.headline.infeasible": "tidak ada rencana yang memenuhi aturan wajib (terbukti)",
    "plan.headline.none": "tidak ada rencana yang ditemukan dalam {seconds} detik",
    "plan.headline.invalid": "model ditolak solver (galat pustaka: mohon laporkan)",
    "plan.headline.weighted_optimal": (
        "optimal: jumlah berbobot terbukti (tier tidak dibuktikan satu per satu)"
    ),
    "plan.headline.weighted_best": (
        "terbaik yang ditemukan dalam {seconds} s: jumlah berbobot terbuka (selisih {gap} %); "
        "tier tidak dibuktikan satu per satu"
    ),
    "plan.headline.weighted_unbounded": (
        "terbaik yang ditemukan dalam {seconds} s: jumlah berbobot terbuka (batas tidak "
        "diketahui); tier tidak dibuktikan satu per satu"
    ),
    "plan.key.weighted": "berbobot",
    "plan.tier_line.weighted": "{value} ({sense}) bagian dari jumlah berbobot, tanpa batas sendiri",
    "plan.tier.proven": "{tier} terbukti",
    "plan.tier.open_unbounded": "{tier} terbuka (batas tidak diketahui)",
    "plan.tier.open_gap": "{tier} terbuka (selisih {gap} %)",
    "plan.key.status": "status",
    "plan.key.result": "hasil",
    "plan.key.slots": "posisi",
    "plan.key.filled": "terisi",
    "plan.key.budget": "anggaran",
    "plan.key.time": "waktu",
    "plan.key.note": "catatan",
    "plan.slots": "{demanded} diminta, semuanya terbuka untuk diisi",
    "plan.slots_closed": (
        "{demanded} diminta, {closed} ditutup (koperasi belum berbadan hukum), {open} "
        "terbuka untuk diisi"
    ),
    "plan.filled": "{filled} dari {open} posisi terbuka ({share}); {empty} kosong",
    "plan.tier_line.proven": "{value} ({sense}) terbukti optimal",
    "plan.tier_line.unbounded": "{value} ({sense}) terbuka, batas tidak diketahui",
    "plan.tier_line.open": "{value} ({sense}) terbuka, batas {bound}, selisih {gap} %",
    "plan.budget": "anggaran waktu lebih lama dapat menambah: {parts}",
    "plan.budget.unbounded": "{tier}: mungkin membaik atau terbukti optimal (belum ada batas)",
    "plan.budget.max": "{tier}: paling banyak {room} lebih tinggi",
    "plan.budget.min": "{tier}: paling banyak {room} lebih rendah",
    # --- explain: headings
    "explain.heading.shortage": "Ketersediaan dan kebutuhan sebelum penyusunan",
    "explain.heading.vacancy": "Alasan posisi kosong",
    "explain.heading.assignment": "Penugasan",
    "explain.heading.objective": "Nilai tujuan",
    "explain.heading.conflict": (
        "Aturan yang tidak dapat dipenuhi bersamaan (tidak ada rencana yang layak)"
    ),
    "explain.heading.note": "Catatan",
    "explain.heading.region": "Seluruh wilayah",
    "explain.cooperative": "koperasi {id}",
    "explain.more": "{count} lainnya",
    "explain.roles.one": "peran {roles}",
    "explain.roles.other": "peran {roles}",
    # --- explain: shortages (under the kecamatan's name)
    "explain.shortage.all.one": (
        "seluruh peran: {count} posisi terbuka, {in_reach} pegawai memenuhi syarat dalam "
        "jangkauan; "
    ),
    "explain.shortage.all.other": (
        "seluruh peran: {count} posisi terbuka, {in_reach} pegawai memenuhi syarat dalam "
        "jangkauan; "
    ),
    "explain.shortage.role.one": (
        'peran "{role}": {count} posisi terbuka, {in_reach} pegawai memenuhi syarat dalam '
        "jangkauan; "
    ),
    "explain.shortage.role.other": (
        'peran "{role}": {count} posisi terbuka, {in_reach} pegawai memenuhi syarat dalam '
        "jangkauan; "
    ),
    "explain.shortage.coverable": (
        "cukup untuk semua posisi, selama pegawai yang sama tidak dibutuhkan kecamatan lain."
    ),
    "explain.shortage.uncoverable": "tidak ada rencana yang dapat mengisi satu pun.",
    "explain.shortage.short": (
        "paling banyak {most} dapat terisi, apa pun rencananya (kurang {missing})."
    ),
    # --- explain: vacancies
    "explain.vacancy.clause": "{roles} kosong karena {reason}",
    "explain.vacancy.summary.not_legal_entity": (
        "{cooperatives} koperasi belum berbadan hukum: {slots} posisi."
    ),
    "explain.vacancy.summary.cooperative_full": (
        "{cooperatives} koperasi meminta lebih banyak posisi daripada pegawai yang boleh "
        "diterimanya: {slots} posisi."
    ),
    "explain.vacancy.summary.skill_or_education_missing": (
        "{cooperatives} koperasi, {slots} posisi: membutuhkan peran yang tidak dapat diisi siapa "
        "pun di seluruh daftar."
    ),
    "explain.vacancy.summary.no_candidate_in_reach": (
        "{cooperatives} koperasi, {slots} posisi: tidak ada pegawai yang memenuhi syarat dalam "
        "jangkauan."
    ),
    "explain.vacancy.summary.all_placed_elsewhere": (
        "{cooperatives} koperasi, {slots} posisi: semua pegawai dalam jangkauannya sudah "
        "ditempatkan di tempat lain."
    ),
    "explain.vacancy.summary.agency_cap_binding": (
        "{cooperatives} koperasi, {slots} posisi: pegawai dalam jangkauannya tertahan batas "
        "pelepasan instansi."
    ),
    "explain.vacancy.summary.weekly_hours_binding": (
        "{cooperatives} koperasi, {slots} posisi: pegawai dalam jangkauannya tidak punya sisa "
        "jam kerja mingguan."
    ),
    "explain.vacancy.summary.not_chosen": (
        "{cooperatives} koperasi, {slots} posisi: ada pegawai bebas dalam jangkauan yang tidak "
        "dipilih rencana."
    ),
    "explain.reason.not_legal_entity": (
        "koperasi ini belum berbadan hukum, dan kebijakan hanya menempatkan pegawai di koperasi "
        "yang sudah berbadan hukum."
    ),
    "explain.reason.cooperative_full": (
        "koperasi ini sudah menerima {capacity} pegawai, jumlah terbanyak yang boleh "
        "diterimanya (kapasitas koperasi), lebih sedikit dari posisi yang dimintanya."
    ),
    "explain.reason.no_skill": (
        'tidak ada pegawai di seluruh daftar yang memiliki keahlian "{role}".'
    ),
    "explain.reason.no_education.one": (
        '{count} pegawai di seluruh daftar memiliki keahlian "{role}", tetapi tidak ada yang '
        "memenuhi syarat pendidikan ({needed})."
    ),
    "explain.reason.no_education.other": (
        '{count} pegawai di seluruh daftar memiliki keahlian "{role}", tetapi tidak ada yang '
        "memenuhi syarat pendidikan ({needed})."
    ),
    "explain.reason.none_seconded.one": (
        '{count} pegawai di seluruh daftar memiliki keahlian "{role}" dan pendidikannya, tetapi '
        "tidak ada yang dapat ditugaskan (tidak tersedia, kelompok yang dikecualikan, atau jenis "
        "kepegawaian)."
    ),
    "explain.reason.none_seconded.other": (
        '{count} pegawai di seluruh daftar memiliki keahlian "{role}" dan pendidikannya, tetapi '
        "tidak ada yang dapat ditugaskan (tidak tersedia, kelompok yang dikecualikan, atau jenis "
        "kepegawaian)."
    ),
    "explain.reason.no_reach_nobody": (
        "tidak ada pegawai yang memenuhi syarat dalam jangkauan aturan lokalitas ({rule}), dan "
        "tidak ada pegawai lain yang memenuhi syarat di seluruh daftar."
    ),
    "explain.reason.no_reach": (
        "tidak ada pegawai yang memenuhi syarat dalam jangkauan aturan lokalitas ({rule}); yang "
        "terdekat, {officer}, berjarak {km} km."
    ),
    "explain.rule.village": "desa yang sama",
    "explain.rule.kecamatan": "kecamatan yang sama",
    "explain.rule.adjacent": "kecamatan tetangga",
    "explain.rule.radius": "dalam radius {km} km",
    "explain.rule.radius_minutes": "dalam radius {km} km atau {minutes} menit perjalanan",
    "explain.rule.or": " atau ",
    "explain.placed.where": ", di {names}",
    "explain.placed.one": (
        "sudah ditempatkan di tempat lain{where} ({details}); memindahkannya ke sini akan "
        "mengosongkan posisi di sana"
    ),
    "explain.placed.other": (
        "sudah ditempatkan di tempat lain{where} ({details}); memindahkannya ke sini akan "
        "mengosongkan posisi di sana"
    ),
    "explain.placed.here": '{officer} sebagai "{role}" di koperasi ini',
    "explain.placed.at": '{officer} sebagai "{role}" di {at}',
    "explain.capped.one": (
        "berasal dari {agency}, yang sudah mencapai batas pelepasan ({released} dari {cap})"
    ),
    "explain.capped.other": (
        "berasal dari {agency}, yang sudah mencapai batas pelepasan ({released} dari {cap})"
    ),
    "explain.hours.one": "tidak memiliki sisa jam kerja mingguan untuk itu, termasuk perjalanan",
    "explain.hours.other": "tidak memiliki sisa jam kerja mingguan untuk itu, termasuk perjalanan",
    "explain.free.one": (
        "dapat mengisinya dan tidak ada aturan yang menghalangi, tetapi rencana ini tidak "
        "memakainya ({names}): rencana ini masih dapat diperbaiki"
    ),
    "explain.free.other": (
        "dapat mengisinya dan tidak ada aturan yang menghalangi, tetapi rencana ini tidak "
        "memakainya ({names}): rencana ini masih dapat diperbaiki"
    ),
    "explain.reach.only": "satu-satunya pegawai memenuhi syarat dalam jangkauan {verb}.",
    "explain.reach.all": "semua {count} pegawai yang memenuhi syarat dalam jangkauan {verb}.",
    "explain.reach.some.one": "dari {count} pegawai yang memenuhi syarat dalam jangkauan, {parts}.",
    "explain.reach.some.other": (
        "dari {count} pegawai yang memenuhi syarat dalam jangkauan, {parts}."
    ),
    "explain.reach.and": "; dan ",
    # --- explain: assignments
    "explain.preference.same_village": "tinggal di desa yang sama",
    "explain.preference.pppk_same_kecamatan": "PPPK yang bertugas di kecamatan yang sama",
    "explain.preference.same_kecamatan": "dari kecamatan yang sama",
    "explain.preference.adjacent_kecamatan": "dari kecamatan tetangga",
    "explain.preference.within_radius": "dalam radius",
    "explain.assignment": (
        '{officer} ({employment}, {agency}) ditempatkan di {cooperative} sebagai "{role}": '
        "{reason}; {km} km, {minutes} menit; menambah cakupan {coverage}, lokalitas {locality}, "
        "perjalanan {minutes} menit."
    ),
    # --- explain: objective
    "explain.tier.least": (
        " (kecamatan yang paling sedikit terisi, {kecamatan}, terisi {share} dari posisi "
        "yang terjangkau)"
    ),
    "explain.tier.unreachable.one": (
        "; {count} kecamatan tidak dihitung karena tak terjangkau, tidak ada pegawai memenuhi "
        "syarat yang dapat menjangkau posisinya: {names}"
    ),
    "explain.tier.unreachable.other": (
        "; {count} kecamatan tidak dihitung karena tak terjangkau, tidak ada pegawai memenuhi "
        "syarat yang dapat menjangkau posisinya: {names}"
    ),
    "explain.tier.unreachable_more": "{names} dan {more} lainnya",
    "explain.tier.proven": " (terbukti optimal)",
    "explain.tier.at_most": " (paling baik {bound})",
    "explain.tier.at_least": " (paling sedikit {bound})",
    "explain.breakdown": (
        "{filled} dari {open} posisi terbuka terisi ({share}){closed}{reach}; cakupan "
        "{coverage}, lokalitas {locality}, perjalanan {travel} menit."
    ),
    "explain.breakdown.closed": ", {closed} ditutup (koperasi belum berbadan hukum)",
    "explain.breakdown.reach": ", {reachable} terjangkau pegawai yang memenuhi syarat",
    "explain.breakdown.unreachable": (
        ", tidak satu pun terjangkau pegawai yang memenuhi syarat (tak terjangkau: tujuan "
        "pemerataan tidak menghitung kecamatan ini)"
    ),
    # --- explain: conflicts and notes
    "explain.conflict.min_none": (
        "; tidak ada pegawai memenuhi syarat dalam jangkauannya menurut aturan lokalitas"
    ),
    "explain.conflict.min_some.one": (
        "; hanya {count} pegawai memenuhi syarat dalam jangkauannya menurut aturan lokalitas"
    ),
    "explain.conflict.min_some.other": (
        "; hanya {count} pegawai memenuhi syarat dalam jangkauannya menurut aturan lokalitas"
    ),
    "explain.conflict.lock": (
        "pegawai {officer} dikunci ke koperasi {cooperative}, tetapi tidak ada tingkat lokalitas "
        "yang diizinkan (atau ada larangan) yang menghubungkan keduanya"
    ),
    "explain.conflict.lock_role": (
        'pegawai {officer} dikunci ke koperasi {cooperative} sebagai "{role}", tetapi tidak ada '
        "tingkat lokalitas yang diizinkan (atau ada larangan) yang menghubungkan keduanya"
    ),
    "explain.conflict.none_found": (
        "Tidak ditemukan aturan yang saling bertentangan (skenario mungkin layak, atau waktu "
        "pencarian habis)."
    ),
    "explain.region.enough": (
        "Di seluruh wilayah, {slots} posisi terbuka dapat terisi semuanya sejauh batas posisi, "
        "pegawai dan instansi memungkinkan."
    ),
    "explain.region.short": (
        "Di seluruh wilayah, paling banyak {most} dari {slots} posisi terbuka dapat terisi, apa "
        "pun rencananya (kurang {missing}, batas pelepasan instansi sudah dihitung)."
    ),
    "explain.note.other_scenario": (
        "Rencana ini dibuat untuk skenario lain (hash berbeda); alasan mengacu pada skenario "
        "yang diberikan."
    ),
    "explain.note.no_assignments": (
        "Rencana berstatus {status}: tidak ada penugasan untuk dijelaskan."
    ),
    # --- why an officer has no assignment
    "unassigned.unavailable": "tidak tersedia",
    "unassigned.excluded_group": "kelompok {group} tidak diambil (guru dan nakes tetap melayani)",
    "unassigned.employment": "jenis kepegawaian {employment} tidak ditugaskan menurut kebijakan",
    "unassigned.education": "pendidikan {education} di bawah minimal {minimum}",
    "unassigned.no_role": "tidak memiliki keahlian untuk peran yang dibutuhkan koperasi",
    "unassigned.no_reach": "tidak ada koperasi dalam jangkauan yang membutuhkan perannya",
    "unassigned.agency_cap": "{agency} sudah mencapai batas pelepasan ({released} dari {cap})",
    "unassigned.not_needed": "tidak dibutuhkan: semua posisi dalam jangkauannya sudah terisi",
    "unassigned.weekly_hours": (
        "posisi kosong dalam jangkauannya membutuhkan jam kerja mingguan lebih dari yang dimiliki"
    ),
    "unassigned.not_chosen": (
        "dapat mengisi posisi kosong dalam jangkauan, tetapi rencana tidak memakainya"
    ),
    # --- the plan workbook: sheets, columns, words
    "sheet.assignments": "Penugasan",
    "sheet.vacancies": "Kekosongan",
    "sheet.summary": "Ringkasan",
    "sheet.unassigned": "Pegawai tidak ditugaskan",
    "sheet.changes": "Perubahan",
    "sheet.instructions": "Petunjuk",
    "word.yes": "ya",
    "word.no": "tidak",
    "employment.PNS": "PNS",
    "employment.PPPK": "PPPK",
    "employment.PPPK_PARUH_WAKTU": "PPPK paruh waktu",
    "decision.approve": "setuju",
    "decision.reject": "tolak",
    "decision.lock": "kunci",
    "col.assignments.kecamatan": "kecamatan",
    "col.assignments.village": "desa",
    "col.assignments.village_code": "kode_desa",
    "col.assignments.cooperative": "koperasi",
    "col.assignments.cooperative_name": "nama_koperasi",
    "col.assignments.officer": "NIP",
    "col.assignments.name": "nama",
    "col.assignments.employment": "jenis_kepegawaian",
    "col.assignments.agency": "instansi",
    "col.assignments.home_village": "desa_domisili",
    "col.assignments.home_kecamatan": "kecamatan_domisili",
    "col.assignments.work_kecamatan": "kecamatan_kerja",
    "col.assignments.role": "peran",
    "col.assignments.role_name": "nama_peran",
    "col.assignments.tier": "tingkat_lokalitas",
    "col.assignments.distance_km": "jarak_km",
    "col.assignments.minutes": "menit",
    "col.assignments.reason": "alasan",
    "col.assignments.decision": "keputusan",
    "col.vacancies.kecamatan": "kecamatan",
    "col.vacancies.village": "desa",
    "col.vacancies.cooperative": "koperasi",
    "col.vacancies.cooperative_name": "nama_koperasi",
    "col.vacancies.role": "peran",
    "col.vacancies.role_name": "nama_peran",
    "col.vacancies.count": "jumlah",
    "col.vacancies.reason_code": "kode_alasan",
    "col.vacancies.reason": "alasan",
    "col.unassigned.officer": "NIP",
    "col.unassigned.name": "nama",
    "col.unassigned.reason": "alasan",
    "col.unassigned.agency": "instansi",
    "col.unassigned.agency_name": "nama_instansi",
    "col.unassigned.employment": "jenis_kepegawaian",
    "col.unassigned.education": "pendidikan",
    "col.unassigned.work_kecamatan": "kecamatan_kerja",
    "col.unassigned.home_village": "desa_domisili",
    "col.unassigned.skills": "keahlian",
    "col.unassigned.group": "kelompok",
    "col.unassigned.available": "tersedia",
    "reason_code.not_legal_entity": "belum_berbadan_hukum",
    "reason_code.cooperative_full": "koperasi_penuh",
    "reason_code.skill_or_education_missing": "keahlian_pendidikan_tidak_ada",
    "reason_code.no_candidate_in_reach": "tidak_ada_dalam_jangkauan",
    "reason_code.all_placed_elsewhere": "ditempatkan_di_tempat_lain",
    "reason_code.agency_cap_binding": "batas_instansi",
    "reason_code.weekly_hours_binding": "jam_kerja_habis",
    "reason_code.not_chosen": "tidak_dipilih",
    "reason.not_legal_entity": "koperasi belum berbadan hukum",
    "reason.cooperative_full": "koperasi sudah mencapai kapasitasnya",
    "reason.skill_or_education_missing": "tidak ada pegawai dengan keahlian dan pendidikannya",
    "reason.no_candidate_in_reach": "tidak ada pegawai memenuhi syarat dalam jangkauan",
    "reason.all_placed_elsewhere": "semua pegawai dalam jangkauan sudah ditempatkan di tempat lain",
    "reason.agency_cap_binding": "tertahan batas pelepasan instansi",
    "reason.weekly_hours_binding": "jam kerja mingguan sudah habis",
    "reason.not_chosen": "pegawai bebas tidak dipilih",
    # --- the Ringkasan sheet
    "summary.status": "status",
    "summary.headline": "ringkasan",
    "summary.demanded": "posisi diminta",
    "summary.closed": "posisi ditutup (koperasi belum berbadan hukum)",
    "summary.open": "posisi terbuka untuk diisi",
    "summary.filled": "posisi terisi",
    "summary.empty": "posisi terbuka yang kosong",
    "summary.coverage": "bagian posisi terbuka yang terisi",
    "summary.empty_because": "kosong: {reason}",
    "summary.seconds": "waktu (detik)",
    "summary.note": "catatan",
    "summary.weighted_objective": "nilai tujuan berbobot",
    "summary.objective_bound": "batas nilai tujuan",
    "summary.objective_gap": "selisih nilai tujuan",
    "summary.unknown": "tidak diketahui",
    "summary.proven": "terbukti",
    "summary.open_tier": "terbuka",
    "summary.tiers": "Tier tujuan",
    "summary.by_kecamatan": "Per kecamatan",
    "summary.by_role": "Per peran",
    "summary.by_kabupaten": "Per kabupaten/kota",
    "summary.by_province": "Per provinsi",
    "summary.total": "jumlah",
    "col.tiers.tier": "tier",
    "col.tiers.value": "nilai",
    "col.tiers.bound": "batas",
    "col.tiers.sense": "arah",
    "col.tiers.status": "status",
    "col.tiers.gap": "selisih",
    "col.figures.kecamatan.code": "kode_kecamatan",
    "col.figures.kecamatan.name": "kecamatan",
    "col.figures.kecamatan.cooperatives": "koperasi",
    "col.figures.kecamatan.demanded": "diminta",
    "col.figures.kecamatan.closed": "ditutup",
    "col.figures.kecamatan.open": "terbuka",
    "col.figures.kecamatan.filled": "terisi",
    "col.figures.kecamatan.empty": "kosong",
    "col.figures.kecamatan.coverage": "bagian terisi",
    "col.figures.kabupaten.code": "kode_kabupaten",
    "col.figures.kabupaten.name": "kabupaten/kota",
    "col.figures.kabupaten.cooperatives": "koperasi",
    "col.figures.kabupaten.demanded": "diminta",
    "col.figures.kabupaten.closed": "ditutup",
    "col.figures.kabupaten.open": "terbuka",
    "col.figures.kabupaten.filled": "terisi",
    "col.figures.kabupaten.empty": "kosong",
    "col.figures.kabupaten.coverage": "bagian terisi",
    "col.figures.province.code": "kode_provinsi",
    "col.figures.province.name": "provinsi",
    "col.figures.province.cooperatives": "koperasi",
    "col.figures.province.demanded": "diminta",
    "col.figures.province.closed": "ditutup",
    "col.figures.province.open": "terbuka",
    "col.figures.province.filled": "terisi",
    "col.figures.province.empty": "kosong",
    "col.figures.province.coverage": "bagian terisi",
    "col.figures.role.code": "kode_peran",
    "col.figures.role.name": "peran",
    "col.figures.role.cooperatives": "koperasi",
    "col.figures.role.demanded": "diminta",
    "col.figures.role.closed": "ditutup",
    "col.figures.role.open": "terbuka",
    "col.figures.role.filled": "terisi",
    "col.figures.role.empty": "kosong",
    "col.figures.role.coverage": "bagian terisi",
    "plan_help.1": "Cara meninjau rencana ini dan mengirimkannya kembali",
    "plan_help.2": (
        "Penugasan: satu baris per pegawai yang ditempatkan. Kolom keputusan: setuju, tolak atau "
        "kunci; biarkan kosong bila belum ada keputusan."
    ),
    "plan_help.3": (
        "kunci: pegawai wajib tetap di koperasi ini dengan peran ini (kunci untuk penyusunan "
        "ulang berikutnya)."
    ),
    "plan_help.4": (
        "setuju: pertahankan penugasan ini selama aturan mengizinkan; sheet Perubahan "
        "mencatatnya sebagai disetujui."
    ),
    "plan_help.5": "tolak: pegawai ini tidak boleh ditempatkan di koperasi ini (larangan).",
    "plan_help.6": (
        "kosong: bebas - tanpa kunci dan larangan; dipertahankan sebisanya, seperti setiap baris "
        "yang tidak ditolak."
    ),
    "plan_help.7": (
        "Menghapus baris berarti melepas penugasan itu: pegawai tidak ditempatkan lagi di "
        "koperasi tersebut. Pegawai yang sudah tidak ada di skenario dilaporkan dalam satu "
        "catatan dan dilewati."
    ),
    "plan_help.8": (
        "Jangan mengubah isi kolom NIP, koperasi dan peran selain itu; kolom lain hanya untuk "
        "dibaca."
    ),
    "plan_help.9": (
        "Lalu jalankan: koperasi-alloc replan wilayah.xlsx rencana.xlsx -o rencana-2.xlsx (atau "
        "check / explain dengan kedua berkas yang sama)."
    ),
    "plan_help.10": (
        "Penyusunan ulang menulis sheet Perubahan: setiap penugasan yang tetap, pindah, baru "
        "atau dilepas, beserta alasannya."
    ),
    "plan_help.11": (
        "Ringkasan memuat angka: posisi diminta, ditutup (koperasi belum berbadan hukum), "
        "terbuka, terisi dan kosong, per kecamatan dan per peran."
    ),
    "plan_help.12": (
        "Sheet tersembunyi x_rencana dan x_rencana_data menyimpan rencana seperti ditulis, untuk "
        "melihat apa yang Anda ubah: jangan diubah."
    ),
    # --- the command line
    "cli.note": "catatan",
    "cli.read": "{path} dibaca dalam {seconds} s",
    "cli.warning": "peringatan",
    "cli.error": "galat",
    "cli.interrupted": "dihentikan",
    "cli.wrote": "ditulis: {path}",
    "cli.generated": (
        "ditulis: {path}: {kecamatan} kecamatan, {villages} desa/kelurahan, {cooperatives} "
        "koperasi, {officers} pegawai"
    ),
    "cli.demo": (
        "Kabupaten Kutai Timur: {kecamatan} kecamatan, {villages} desa/kelurahan (kode, nama dan "
        "letak sebenarnya; waktu tempuh dimodelkan), {cooperatives} koperasi, {officers} pegawai "
        "(sintetis, benih {seed})"
    ),
    "cli.candidates": "kandidat {count} (disusun dalam {seconds} detik)",
    "cli.pruned": ", {count} tidak dimasukkan ke CP-SAT",
    "cli.live.gap": " selisih {gap} %",
    "cli.live.parts": " bagian {done}/{total}",
    "cli.live.bound": "(batas {bound})",
    "cli.check.valid.one": "pemeriksaan: sah, {count} penugasan, tidak ada pelanggaran",
    "cli.check.valid.other": "pemeriksaan: sah, {count} penugasan, tidak ada pelanggaran",
    "cli.check.violations.one": "pemeriksaan: {count} pelanggaran",
    "cli.check.violations.other": "pemeriksaan: {count} pelanggaran",
    "cli.check.more": "... dan {count} lainnya",
    "cli.check.figures": (
        "posisi: {demanded} diminta, {closed} ditutup, {open} terbuka, {filled} terisi ({share})"
    ),
    "cli.review": (
        "dibaca {path}: {kept} penugasan berlaku, dipertahankan sebisanya (semua baris kecuali "
        "tolak), {locks} kunci, {forbids} pasangan dilarang (tolak, baris dihapus)"
    ),
    "cli.locks_read": "{count} kunci dibaca dari {path}",
    "cli.proposal_suffix": "-o {path}: tulis usulan sebagai .xlsx atau .json",
    # --- the checker's rules, as a planner names them
    "rule.agency_release": "batas pelepasan instansi",
    "rule.baseline_changes": "perubahan dari rencana yang berlaku",
    "rule.cooperative_capacity": "daya tampung koperasi",
    "rule.eligibility": "syarat penugasan",
    "rule.forbids": "pasangan yang dilarang",
    "rule.locality": "lokalitas",
    "rule.locks": "kunci",
    "rule.objective": "nilai tujuan",
    "rule.officer_capacity": "beban pegawai",
    "rule.slot_capacity": "posisi suatu peran",
    "rule.status": "status",
    "rule.vacancies": "kekosongan",
    "rule.weekly_hours": "jam kerja mingguan",
    "rule.check": "rencana",
    # --- reading a reviewed plan workbook back
    "review.gone.one": (
        "{count} pegawai dalam rencana sudah tidak ada di skenario dan dilewati: {ids}"
    ),
    "review.gone.other": (
        "{count} pegawai dalam rencana sudah tidak ada di skenario dan dilewati: {ids}"
    ),
    "review.released.one": (
        "{count} baris dihapus dari sheet: dilepas, tidak ditempatkan lagi di koperasi itu: {items}"
    ),
    "review.released.other": (
        "{count} baris dihapus dari sheet: dilepas, tidak ditempatkan lagi di koperasi tersebut: "
        "{items}"
    ),
    "review.more": ", dan {count} lainnya",
    "review.no_copy": (
        "berkas tidak menyimpan salinan rencana asli (sheet tersembunyi x_rencana): baris yang "
        "dihapus tidak dapat diketahui"
    ),
    "review.twice": "penugasan yang sama dengan baris {first}: dihitung satu kali",
    "review.two_decisions": (
        "penugasan yang sama dengan baris {first} dengan keputusan lain: pilih satu"
    ),
    "review.lock_and_reject": (
        "pasangan ini dikunci di satu baris dan ditolak di baris lain (baris {first}): pilih satu"
    ),
    "review.bad_decision": "harus {choices} (atau kosong), bukan {value}",
    "review.lock_held": (
        "pegawai {officer} sudah dikunci ke koperasi {cooperative}: dihitung satu kunci"
    ),
    # --- changes of a re-plan
    "change.kind.kept": "tetap",
    "change.kind.moved": "pindah",
    "change.kind.added": "baru",
    "change.kind.removed": "dilepas",
    "change.counts": "perubahan: {kept} tetap, {moved} pindah, {added} baru, {removed} dilepas",
    "change.line.moved": (
        "pindah: {officer} dari {source} ({from_role}) ke {target} ({to_role}): {reason}"
    ),
    "change.line.added": "baru: {officer} di {target} ({to_role}): {reason}",
    "change.line.removed": "dilepas: {officer} dari {source} ({from_role}): {reason}",
    "change.line.kept": "tetap: {officer} di {target} ({to_role}): {reason}",
    "change.reason.lock": "dikunci perencana",
    "change.reason.approve": "disetujui perencana",
    "change.reason.unchanged": "tidak berubah",
    "change.reason.rejected": "ditolak perencana",
    "change.reason.released": "baris dihapus perencana (dilepas)",
    "change.reason.officer_removed": "pegawai sudah tidak ada di skenario",
    "change.reason.officer_unavailable": "pegawai sudah tidak tersedia",
    "change.reason.no_longer_eligible": "tidak lagi diizinkan aturan",
    "change.reason.over_capacity": (
        "tidak ada ruang lagi dalam batas (posisi, daya tampung, jam kerja atau batas instansi)"
    ),
    "change.reason.improvement": (
        "rencana yang lebih baik (lebih banyak posisi terisi, atau lebih dekat)"
    ),
    "change.reason.new_cooperative_staffed": "mengisi koperasi yang sebelumnya tanpa pegawai",
    "change.reason.fills_vacancy": "mengisi posisi yang kosong atau ditinggalkan",
    "col.changes.change": "perubahan",
    "col.changes.officer": "NIP",
    "col.changes.name": "nama",
    "col.changes.from_cooperative": "koperasi_lama",
    "col.changes.from_name": "nama_koperasi_lama",
    "col.changes.from_role": "peran_lama",
    "col.changes.to_cooperative": "koperasi_baru",
    "col.changes.to_name": "nama_koperasi_baru",
    "col.changes.to_role": "peran_baru",
    "col.changes.reason": "alasan",
    # --- notes the solver and the planning functions write (English; patterns for others)
    "note.warm_start_kept": (
        "anggaran waktu terlalu singkat untuk memperbaiki rencana awal dengan CP-SAT"
    ),
    "note.round_plan_kept": (
        "anggaran waktu terlalu singkat untuk memperbaiki rencana putaran sebelumnya dengan CP-SAT"
    ),
    "note.no_plan_in_time": "anggaran waktu habis sebelum rencana ditemukan",
    "note.interrupted": "dihentikan: rencana terbaik sejauh ini dikembalikan",
    "note.parts_unsolved": (
        "{unsolved} dari {parts} bagian tidak terselesaikan dalam anggaran waktu: koperasinya "
        "dibiarkan kosong"
    ),
    "note.time_limit": "batas waktu tercapai sebelum rencana terbukti optimal",
    "note.gap_limit": (
        "batas selisih tercapai: rencana berada dalam selisih itu, belum terbukti optimal"
    ),
    "note.callback_stop": (
        "dihentikan oleh fungsi callback: rencana terbaik sejauh ini dikembalikan"
    ),
    "note.stop": "dihentikan atas permintaan: rencana terbaik sejauh ini dikembalikan",
    "note.parts_unsolved_stop": (
        "{unsolved} dari {parts} bagian tidak terselesaikan sebelum penghentian: koperasinya "
        "dibiarkan kosong"
    ),
    "note.parts_lost": (
        "{count} bagian hilang karena proses pekerja gagal, koperasinya dibiarkan kosong: {parts}"
    ),
    "note.model_rejected": "CP-SAT menolak model atau parameternya: {reason}",
    "note.still_valid": "bagian rencana lama yang masih sah",
    "note.fell_short": (
        "solver tidak mencapai rencana lama yang masih sah; rencana itu yang dikembalikan"
    ),
    "note.hires": "pegawai yang ada ditambah {count} usulan pegawai baru (hipotetis, HIRE-...)",
    "note.no_hires_plan": "tidak ditemukan rencana dengan usulan pegawai baru",
    "note.recommendation": "rencana dengan rekomendasi {rank} diterapkan: {text}",
    "note.edited": "diubah di berkas: {count} penugasan berbeda dari rencana asli",
    "note.edited_one": "diubah di berkas: {count} penugasan berbeda dari rencana asli",
    # --- the hiring proposal
    "hires.sheet": "Usulan Tambahan PPPK",
    "hires.assignment_sheet": "Penugasan dengan usulan",
    "hires.title": "Usulan tambahan PPPK paruh waktu - HIPOTETIS (belum direkrut)",
    "hires.seat_note": (
        "Setiap usulan diajukan untuk satu kecamatan dan bekerja dari pusat kecamatan; menurut "
        "aturan lokalitas ia tercatat tinggal di desa terdekat pusat kecamatan, sehingga "
        "koperasi desa itu terjangkau pada tingkat desa, koperasi lain pada tingkat kecamatan "
        "atau lebih jauh."
    ),
    "hires.figure.status": "status",
    "hires.figure.hires": "jumlah usulan",
    "hires.figure.hires_bound": "batas bawah terbukti",
    "hires.figure.filled_before": "posisi terisi tanpa usulan",
    "hires.figure.filled_after": "posisi terisi dengan usulan",
    "hires.figure.total_slots": "posisi terbuka",
    "hires.figure.wall_time": "waktu (detik)",
    "hires.col.kabupaten": "kabupaten",
    "hires.col.kecamatan": "kecamatan",
    "hires.col.role": "peran",
    "hires.col.role_name": "nama_peran",
    "hires.col.hires": "jumlah_usulan",
    "hires.col.min_education": "pendidikan_minimal",
    "hires.col.cooperatives": "koperasi_dilayani",
    "hires.col.hire_ids": "id_usulan",
    "hires.col.bound": "batas bawah terbukti",
    "hires.col.hypothetical": "hipotetis",
    "hires.totals": "Jumlah per kabupaten/kota",
    "hires.assignment.officer": "NIP",
    "hires.assignment.name": "nama",
    "hires.assignment.kecamatan": "kecamatan",
    "hires.assignment.cooperative": "koperasi",
    "hires.assignment.role": "peran",
    "hires.assignment.tier": "tingkat_lokalitas",
    "hires.assignment.distance_km": "jarak_km",
    "hires.assignment.hypothetical": "hipotetis",
    "hires.text.title": "Usulan tambahan PPPK paruh waktu (HIPOTETIS: belum direkrut)",
    "hires.text.proven": "Status: OPTIMAL (jumlah {hires} terbukti paling sedikit)",
    "hires.text.open": (
        "Status: {status} (belum terbukti optimal; paling sedikit {bound} orang dibutuhkan)"
    ),
    "hires.text.before": (
        "Tanpa tambahan: {before} dari {slots} posisi terbuka terisi ({empty_before} kosong)."
    ),
    "hires.text.after": (
        "Dengan {hires} pegawai baru yang diusulkan: {after} dari {slots} posisi terbuka terisi "
        "({empty_after} tetap kosong)."
    ),
    "hires.text.unreachable": (
        "  {count} di antaranya: tidak terjangkau pegawai mana pun, yang ada maupun yang baru."
    ),
    "hires.text.limited": (
        "  {count} di antaranya: mengisinya perlu lebih banyak pegawai baru daripada batas usulan."
    ),
    "hires.text.other_rules": (
        "  {count} di antaranya: aturan lain membuatnya tetap kosong (kapasitas koperasi, batas "
        "pelepasan, anggaran waktu)."
    ),
    "hires.text.limit": "Batas usulan: paling banyak {most} orang.",
    "hires.text.rows": "Per kecamatan dan peran:",
    "hires.text.row": (
        "  Kec. {kecamatan} ({code}), {role}: {count} orang, pendidikan minimal {education}, "
        "untuk {cooperatives}"
    ),
    "hires.text.total": (
        "Jumlah kabupaten/kota {kabupaten}: {count} orang di {kecamatan} kecamatan, "
        "{cooperatives} koperasi."
    ),
    # --- the web app (koperasi-alloc serve)
    "web.title": "koperasi-alloc: ASN untuk Koperasi Merah Putih",
    "web.footer": (
        "Setiap rencana diperiksa aturan demi aturan oleh pemeriksa yang terpisah dari "
        "solver. Pekerjaan dan berkasnya dihapus setelah waktu yang ditetapkan kantor."
    ),
    "web.nav.new": "Rencana baru",
    "web.nav.api": "API untuk aplikasi",
    "web.nav.other_language": "English",
    "web.home.heading": "Tempatkan ASN di koperasi desa",
    "web.home.lead": (
        "Unggah workbook wilayah, susun rencana dengan anggaran waktu, baca rencana dan "
        "petanya, tinjau di Excel lalu kirim kembali."
    ),
    "web.home.step": "1. Wilayah",
    "web.home.file": (
        "Workbook skenario (.xlsx), skenario JSON (.json) atau zip berisi berkas CSV (.zip)"
    ),
    "web.home.file_hint": (
        "Paling besar {mb} MB. Kesalahan dilaporkan dengan sheet, baris dan kolomnya."
    ),
    "web.home.region": "Atau wilayah bawaan",
    "web.home.region_none": "(tidak ada: pakai berkas)",
    "web.home.time_limit": "Anggaran waktu (detik)",
    "web.home.time_hint": (
        "Dari 1 sampai {most} detik; tombol Hentikan mengakhiri pencarian lebih awal dan "
        "menyimpan rencana terbaik yang ditemukan."
    ),
    "web.home.solve": "Susun rencana",
    "web.home.template": "Unduh workbook kosong",
    "web.home.template_hint": (
        "sheet Kecamatan, Desa, Koperasi, Pegawai, Peran, Instansi dan Aturan, masing-masing "
        "dengan petunjuk dan baris contoh"
    ),
    "web.home.how": "Cara kerjanya",
    "web.home.how.upload": "Unggah workbook (atau pilih wilayah bawaan).",
    "web.home.how.solve": (
        "Ikuti pencarian; tekan Hentikan kapan saja bila rencana sudah cukup baik."
    ),
    "web.home.how.read": (
        "Baca ringkasan, angka per kecamatan, alasan setiap posisi kosong dan petanya; "
        "unduh rencana.xlsx."
    ),
    "web.home.how.review": (
        "Isi kolom keputusan di rencana.xlsx (kunci, setuju, tolak), unggah, dan lihat apa "
        "yang berubah dan mengapa."
    ),
    "web.home.how.hires": ("Minta usulan PPPK baru paling sedikit untuk posisi yang tetap kosong."),
    "web.home.keep": (
        "Pekerjaan disimpan {hours} jam, lalu dihapus beserta berkasnya. Paling banyak "
        "{running} pencarian berjalan bersamaan; yang lain menunggu giliran. Simpan alamat "
        "halaman pekerjaan untuk kembali ke sana."
    ),
    "web.region.kutai-timur": "Kabupaten Kutai Timur (bawaan: 141 koperasi)",
    "web.region.province": "Provinsi Kalimantan Timur (bawaan: 1.038 koperasi)",
    "web.kind.solve": "Rencana",
    "web.kind.replan": "Penyusunan ulang",
    "web.kind.hires": "Usulan tambahan PPPK",
    "web.state.queued": "Menunggu giliran ({count} pekerjaan di depan)",
    "web.state.next": "Menunggu: giliran berikutnya",
    "web.state.running": "Sedang mencari",
    "web.state.stopping": "Menghentikan: rencana terbaik sejauh ini disimpan",
    "web.state.writing": "Menulis berkas rencana",
    "web.state.done": "Selesai",
    "web.state.failed": "Tidak dapat diselesaikan",
    "web.state.cancelled": "Dibatalkan sebelum mulai",
    "web.progress.none": "Memulai ...",
    "web.progress.value": "{tier}: {value}",
    "web.progress.bound": "(batas {bound})",
    "web.progress.gap": "selisih {gap} %",
    "web.progress.parts": "bagian {done}/{total}",
    "web.progress.components": "bagian selesai",
    "web.result.closed": (
        "{slots} posisi di {cooperatives} koperasi ditutup: koperasi belum berbadan hukum "
        "(daftarnya di sheet Kekosongan rencana.xlsx)"
    ),
    "web.hires.headline.proven": (
        "{hires} PPPK baru, terbukti paling sedikit: {after} dari {slots} posisi terbuka terisi"
    ),
    "web.hires.headline.open": (
        "{hires} PPPK baru (paling sedikit {bound}; belum terbukti paling sedikit): {after} "
        "dari {slots} posisi terbuka terisi"
    ),
    "web.progress.budget": "Anggaran waktu: {seconds} detik.",
    "web.job.stop": "Hentikan",
    "web.job.stop_hint": (
        "Hentikan mengakhiri pencarian dalam satu detik dan menyimpan rencana terbaik yang "
        "ditemukan."
    ),
    "web.job.bookmark": (
        "Halaman ini boleh ditutup: pekerjaan tetap berjalan, dan alamatnya membawa Anda kembali."
    ),
    "web.job.parent": "rencana asalnya",
    "web.stopped_by.time_limit": "anggaran waktu habis",
    "web.stopped_by.gap_limit": "batas selisih tercapai",
    "web.stopped_by.callback": "dihentikan oleh callback kemajuan",
    "web.stopped_by.stop": "dihentikan dengan tombol Hentikan",
    "web.stopped_by.interrupt": "diinterupsi",
    "web.result.checked": ("Diperiksa: setiap aturan terpenuhi (pemeriksa terpisah dari solver)."),
    "web.result.violations": (
        "Pemeriksa menemukan {count} pelanggaran aturan: jangan pakai rencana ini."
    ),
    "web.result.summary": "Ringkasan",
    "web.result.notes.one": "{count} catatan pembacaan berkas",
    "web.result.notes.other": "{count} catatan pembacaan berkas",
    "web.result.map": "Peta",
    "web.result.downloads": "Unduhan",
    "web.result.keep": "Berkas disimpan {hours} jam setelah pekerjaan selesai.",
    "web.result.same_figures": "Angka yang sama dengan sheet Ringkasan di rencana.xlsx.",
    "web.result.more_rows": "... dan {count} lagi di rencana.xlsx.",
    "web.result.no_vacancies": "Tidak ada posisi terbuka yang kosong.",
    "web.file.plan_xlsx": "rencana.xlsx: rencana untuk ditinjau (Excel, kolom keputusan)",
    "web.file.plan_json": "rencana.json: rencana untuk program lain",
    "web.file.plan_geojson": "rencana.geojson: peta untuk QGIS",
    "web.file.map_html": "peta.html: peta interaktif dalam satu berkas (tanpa internet)",
    "web.file.proposal_json": "usulan.json: usulan tambahan PPPK untuk program lain",
    "web.filename.plan": "rencana",
    "web.filename.map": "peta",
    "web.filename.proposal": "usulan",
    "web.filename.template": "templat-wilayah",
    "web.col.kecamatan": "kecamatan",
    "web.col.cooperative": "koperasi",
    "web.col.role": "peran",
    "web.col.empty": "kosong",
    "web.col.reason": "alasan",
    "web.col.change": "perubahan",
    "web.col.officer": "pegawai",
    "web.col.from": "dari",
    "web.col.to": "ke",
    "web.col.why": "mengapa",
    "web.col.hires": "PPPK baru",
    "web.col.education": "pendidikan minimal",
    "web.col.serves": "koperasi yang dilayani",
    "web.changes.heading": "Apa yang berubah, dan mengapa",
    "web.changes.sheet": (
        "rencana.xlsx mencantumkan setiap baris, juga yang tetap, di sheet Perubahan."
    ),
    "web.hires.hypothetical": (
        "Setiap usulan bersifat hipotetis (belum direkrut): ditandai demikian di "
        "rencana.xlsx, dan NIP-nya berawalan HIRE-."
    ),
    "web.next.review": "4. Tinjau dan susun ulang",
    "web.next.review_hint": (
        "Unduh rencana.xlsx, isi kolom keputusan (kunci: tetap di sini; setuju: disetujui; "
        "tolak: jangan di koperasi ini; baris dihapus: dilepas), lalu kirim kembali."
    ),
    "web.next.review_file": "rencana.xlsx yang sudah ditinjau",
    "web.next.replan": "Susun ulang",
    "web.next.hires": "5. PPPK baru untuk posisi yang tetap kosong",
    "web.next.hires_hint": (
        "PPPK baru (hipotetis) paling sedikit yang mengisi posisi yang dibiarkan kosong oleh "
        "rencana ini; rencananya sendiri tidak diubah."
    ),
    "web.next.propose": "Usulkan PPPK baru",
    "web.api.heading": "Alur yang sama untuk aplikasi: API JSON",
    "web.api.lead": (
        "Setiap langkah halaman ini adalah satu panggilan HTTP; openapi.json menjelaskan "
        "masing-masing. Tambahkan ?lang=id atau ?lang=en untuk bahasa jawabannya."
    ),
    "web.api.method": "metode",
    "web.api.path": "alamat",
    "web.api.what": "kegunaan",
    "web.error.heading": "Tidak berhasil",
    "web.error.format": (
        "{name}: hanya workbook (.xlsx), skenario JSON (.json) atau zip berisi berkas CSV "
        "(.zip) yang dapat dibaca"
    ),
    "web.error.plan_format": (
        "{name}: kirim kembali workbook rencana (.xlsx) yang ditulis aplikasi ini"
    ),
    "web.error.empty": "{name} kosong",
    "web.error.too_large": (
        "unggahan lebih besar dari {limit} MB, batas yang ditetapkan kantor ini"
    ),
    "web.error.unpacked_too_large": (
        "berkas ini terurai menjadi lebih dari {limit} MB: tidak dibaca"
    ),
    "web.error.not_a_workbook": (
        "{name} bukan workbook Excel yang dapat dibuka: simpan ulang dari Excel sebagai .xlsx"
    ),
    "web.error.zip_broken": "{name} bukan berkas zip yang dapat dibuka",
    "web.error.zip_empty": (
        "{name} tidak berisi satu pun berkas CSV skenario (districts.csv, villages.csv, "
        "cooperatives.csv, officers.csv, roles.csv, agencies.csv)"
    ),
    "web.error.scenario.one": "{name} tidak dapat dibaca: 1 masalah, dengan letaknya:",
    "web.error.scenario.other": (
        "{name} tidak dapat dibaca: {count} masalah, masing-masing dengan letaknya:"
    ),
    "web.error.time_limit": "anggaran waktu harus berupa jumlah detik dari 1 sampai {most}",
    "web.error.bad_form": "permintaan ini bukan formulir yang dapat dibaca aplikasi ini",
    "web.error.region": "{name} bukan wilayah bawaan",
    "web.error.no_file": "pilih berkas untuk diunggah, atau wilayah bawaan",
    "web.error.no_plan_file": "pilih workbook rencana (.xlsx) yang sudah ditinjau",
    "web.error.no_parent_plan": (
        "penyusunan ulang atau usulan dimulai dari rencana yang sudah selesai (bukan dari usulan)"
    ),
    "web.error.not_found": (
        "pekerjaan tidak ditemukan: alamatnya salah, atau pekerjaan sudah dihapus {hours} "
        "jam setelah selesai"
    ),
    "web.error.not_found_page": "halaman tidak ditemukan",
    "web.error.method": "alamat ini tidak menerima permintaan jenis itu",
    "web.error.no_file_here": "pekerjaan ini (belum) memiliki berkas {name}",
    "web.error.queue_full": (
        "sudah ada {count} pekerjaan yang menunggu; coba lagi beberapa menit lagi"
    ),
    "web.error.internal": ("terjadi kesalahan di dalam aplikasi; rinciannya ditulis ke log server"),
    "web.serve.open": (
        "melayani di {address} (folder data {folder}; pekerjaan disimpan {hours} jam; "
        "paling banyak {running} pencarian bersamaan); Ctrl-C untuk berhenti"
    ),
    "cli.serve.missing": (
        'aplikasi web memerlukan paket tambahannya: pip install "koperasi-alloc[app]"'
    ),
    # --- the table readers (workbook and CSV folder): problems and notes
    "table.key_lossy": (
        "{label} harus teks: angka {value} sudah kehilangan digit; ketik sebagai teks (format "
        "sel Teks, atau awali dengan ')"
    ),
    "table.key_type": "{label} harus teks, bukan {value}",
    "table.number": "harus angka, bukan {value}",
    "table.integer": "harus bilangan bulat, bukan {value}",
    "table.bool": "harus ya atau tidak, bukan {value}",
    "table.choice": "harus salah satu dari: {choices}; bukan {value}",
    "table.json": "bukan JSON yang sah: {error}",
    "table.json_object": "harus objek JSON {{...}}",
    "table.json_array": "harus larik JSON [...]",
    "table.pair": "harus berbentuk kunci:nilai; kunci:nilai, bukan {value}",
    "table.twice": "{what} {value} diberikan dua kali",
    "table.missing_column": "kolom wajib tidak ada",
    "table.unknown_column": (
        "kolom tidak dikenal (awali judulnya dengan x_ untuk menyimpannya sebagai atribut)"
    ),
    "table.duplicate_column": "kolom ganda (juga kolom {other})",
    "table.no_header": "nilai di kolom tanpa judul",
    "table.missing_sheet": "sheet wajib tidak ada",
    "table.unknown_sheet": "sheet tidak dikenal (awali namanya dengan x_ bila sengaja)",
    "table.missing_file": "berkas wajib tidak ada",
    "table.unknown_key": "aturan tidak dikenal",
    "table.duplicate_key": "aturan ganda (juga baris {other})",
    "table.unreadable": "tidak dapat dibaca: {error}",
    "table.required": "wajib diisi",
    "table.jenis": "harus kunci atau larang, bukan {value}",
    "table.unknown_ref": "{what} {value} tidak dikenal",
    "table.skipped_refs": "{count} rujukan ke {what} tidak diperiksa",
    "table.name_as_code": "{value} adalah nama {what}; dibaca sebagai kodenya: {code}",
    "table.spelling": "{value} dibaca sebagai {canonical}",
    "table.nip_spelling": (
        "NIP {value} dibaca sebagai {nip} (spasi, titik dan tanda hubung dibuang)"
    ),
    "table.nip_shape": (
        "peringatan: NIP/NI PPPK {value} tidak terdiri dari 18 digit; periksa kembali"
    ),
    "table.name_ambiguous": "{value} adalah nama {count} {what}: {codes}; tulis kode yang dimaksud",
    "table.not_a_code": (
        "{value} bukan kode {what} dan bukan nama {what} yang dikenal; tulis kodenya, mis. "
        "{example}"
    ),
    "word.file": "berkas",
    "error.scenario.one": "skenario memiliki {shown} masalah:",
    "error.scenario.other": "skenario memiliki {shown} masalah:",
    "error.more": "... dan {more} masalah lain",
    "error.stopped_after": (
        "pembacaan berhenti setelah {count} masalah; catatan berikutnya belum diperiksa"
    ),
    "io.unsupported": "format tidak didukung: pakai .json, .xlsx atau folder berisi berkas CSV",
    "io.geojson_locks": "baca kunci dari .json, .xlsx atau folder rencana, bukan dari GeoJSON",
    "io.no_such_file": "berkas tidak ada",
    "io.scenario_suffix.read": (
        "skenario tidak dapat dibaca dari {suffix}: gunakan .json, .xlsx atau folder berkas CSV"
    ),
    "io.scenario_suffix.write": (
        "skenario tidak dapat ditulis sebagai {suffix}: gunakan .json, .xlsx atau folder berkas CSV"
    ),
    "io.scenario_no_suffix": (
        "skenario tidak dapat dibaca dari berkas tanpa akhiran nama: gunakan .json, .xlsx "
        "atau folder berkas CSV"
    ),
    "io.plan_suffix.read": (
        "rencana tidak dapat dibaca dari {suffix}: gunakan .json, .xlsx atau sebuah folder"
    ),
    "io.plan_suffix.write": (
        "rencana tidak dapat ditulis sebagai {suffix}: gunakan .json, .xlsx atau sebuah folder"
    ),
    "io.plan_needs_scenario": (
        "rencana sebagai {suffix} memerlukan skenarionya: gunakan write_plan(plan, scenario, path)"
    ),
    "io.workbook_needs_scenario": (
        "buku kerja rencana dibaca bersama skenarionya: read_plan(path, scenario) (atau "
        "read_plan_review untuk keputusan perencana)"
    ),
    "io.folder_without_tables": (
        "adalah folder, bukan berkas skenario, dan tidak memuat satu pun dari {files}"
    ),
    # national summaries (koperasi_alloc.summary): columns, choropleth words
    "col.area.province": "kode_provinsi",
    "col.area.province_name": "provinsi",
    "col.area.kabupaten": "kode_kabupaten",
    "col.area.kabupaten_name": "kabupaten_kota",
    "col.area.kecamatan": "kode_kecamatan",
    "col.area.kecamatan_name": "nama_kecamatan",
    "col.area.cooperatives": "koperasi",
    "col.area.demanded": "posisi_diminta",
    "col.area.closed": "posisi_ditutup",
    "col.area.open": "posisi_terbuka",
    "col.area.filled": "posisi_terisi",
    "col.area.empty": "posisi_kosong",
    "col.area.share_filled": "bagian_terisi",
    "col.area.officers": "pegawai",
    "col.area.placed": "pegawai_bertugas",
    "col.area.unused": "pegawai_tanpa_tugas",
    "col.area.hires": "usulan_pppk_baru",
    "col.area.filled_with_hires": "posisi_terisi_dengan_usulan",
    "col.area.share_filled_with_hires": "bagian_terisi_dengan_usulan",
    "col.area.empty_cooperative_full": "kosong_koperasi_penuh",
    "col.area.empty_skill_or_education_missing": "kosong_tanpa_keahlian_pendidikan",
    "col.area.empty_no_candidate_in_reach": "kosong_tak_terjangkau",
    "col.area.empty_all_placed_elsewhere": "kosong_semua_bertugas_lain",
    "col.area.empty_agency_cap_binding": "kosong_batas_instansi",
    "col.area.empty_weekly_hours_binding": "kosong_jam_habis",
    "col.area.empty_not_chosen": "kosong_tidak_dipilih",
    "col.area.unused_unavailable": "tanpa_tugas_tidak_tersedia",
    "col.area.unused_excluded_group": "tanpa_tugas_kelompok_dikecualikan",
    "col.area.unused_employment": "tanpa_tugas_jenis_kepegawaian",
    "col.area.unused_education": "tanpa_tugas_pendidikan",
    "col.area.unused_no_role": "tanpa_tugas_tanpa_peran",
    "col.area.unused_no_reach": "tanpa_tugas_tak_terjangkau",
    "col.area.unused_agency_cap": "tanpa_tugas_batas_instansi",
    "col.area.unused_not_needed": "tanpa_tugas_tidak_dibutuhkan",
    "col.area.unused_weekly_hours": "tanpa_tugas_jam_habis",
    "col.area.unused_not_chosen": "tanpa_tugas_tidak_dipilih",
    "area.level.province": "provinsi",
    "area.level.kabupaten": "kabupaten/kota",
    "area.level.kecamatan": "kecamatan",
    "area.value.demanded": "posisi diminta",
    "area.value.closed": "posisi ditutup (belum berbadan hukum)",
    "area.value.open": "posisi terbuka",
    "area.value.filled": "posisi terisi",
    "area.value.empty": "posisi terbuka yang kosong",
    "area.value.share_filled": "bagian posisi terbuka yang terisi",
    "area.value.cooperatives": "koperasi",
    "area.value.officers": "pegawai terdaftar (menurut unit kerja)",
    "area.value.placed": "pegawai yang ditugaskan",
    "area.value.unused": "pegawai yang tidak ditugaskan",
    "area.value.hires": "usulan PPPK baru (hipotetis)",
    "area.value.filled_with_hires": "posisi terisi dengan usulan PPPK baru",
    "area.value.share_filled_with_hires": (
        "bagian posisi terbuka yang terisi dengan usulan PPPK baru"
    ),
    "area.value.empty_reason": "posisi kosong: {reason}",
    "area.value.unused_reason": "pegawai tanpa tugas: {reason}",
    "area.unused.unavailable": "tidak tersedia",
    "area.unused.excluded_group": "kelompok dikecualikan (guru, nakes)",
    "area.unused.employment": "jenis kepegawaian tidak diizinkan",
    "area.unused.education": "pendidikan di bawah minimal",
    "area.unused.no_role": "tanpa keahlian yang dibutuhkan koperasi",
    "area.unused.no_reach": "tidak ada koperasi dalam jangkauan",
    "area.unused.agency_cap": "batas pelepasan instansi tercapai",
    "area.unused.not_needed": "tidak dibutuhkan: posisi dalam jangkauan terisi",
    "area.unused.weekly_hours": "jam kerja mingguan tidak cukup",
    "area.unused.not_chosen": "bebas, tidak dipilih",
    "area.title": "{region}: {value} per {level}",
    "area.no_value": "tanpa posisi terbuka",
    "area.outline.province": "batas provinsi",
    "area.outline.kecamatan": "batas kecamatan",
    "area.outline.kabupaten": "batas kabupaten/kota",
    "area.unknown_value": "nilai {value!r} tidak dikenal; pilih salah satu: {choices}",
    "area.unknown_level": 'by harus "province", "kabupaten" atau "kecamatan", bukan {by!r}',
    "area.needs_proposal": "{value!r} memerlukan usulan pegawai baru (proposal=...)",
    "area.no_boundaries": (
        "tidak ada batas wilayah bawaan untuk {level} skenario ini "
        "(kode tidak ada di data Kemendagri)"
    ),
    "cli.map_by_needs_plan": "--by mewarnai wilayah menurut rencana: sertakan rencananya",
}

SAME_AS_ENGLISH: frozenset[str] = frozenset(
    {
        # words Bahasa Indonesia uses as they are
        "status.OPTIMAL",
        "sense.min",
        "plan.key.status",
        "summary.status",
        "col.tiers.status",
        "hires.figure.status",
        "rule.status",
        "col.tiers.tier",
        # the names of Indonesian places and employment kinds, in both languages
        "locality.kecamatan",
        "locality.radius",
        "employment.PNS",
        "employment.PPPK",
        "col.figures.kabupaten.name",
        "hires.assignment.kecamatan",
        "hires.col.kabupaten",
        "hires.col.kecamatan",
        "summary.by_kabupaten",
        "summary.by_kecamatan",
        "area.level.kabupaten",
        "area.level.kecamatan",
        "web.col.kecamatan",
        "web.progress.value",
    }
)
"""Keys whose Indonesian text is rightly the English one."""
