/*
 * kind.c — the table of event kinds (see kind.h).
 */
#include "core/log/kind.h"
#include "core/log/apply.h"
#include "core/vocab/vocab.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const EventKind KINDS[] = {
    { "workshop.init", apply_workshop_init, NULL, NULL, 0, NP_("workshop created", "workshops created"),
      NULL, NULL, describe_workshop_init },
    /* a new signing key replacing a lost one (core/log/chain.h) */
    { "workshop.key", NULL, NULL, NULL, 1, NP_("new signing key", "new signing keys"),
      NC_("history", "new key"), describe_workshop_key },
    { "operator.add", apply_operator_add, NULL, NULL, 0, NP_("operator added", "operators added"),
      NULL, NULL, describe_named },
    { "org.create", apply_org_create, NULL, NULL, 0, NP_("donor added", "donors added"),
      NULL, NULL, describe_named },
    /* a donor or a taker (core/stock/party.h); a person's has no name */
    { "party.create", apply_party_create, NULL, NULL, 0, NP_("party added", "parties added"),
      NULL, NULL, describe_party },
    /* its kind or name changed (never a person's: theirs is on this PC only) */
    { "party.update", apply_party_update, NULL, NULL, 0, NP_("party changed", "parties changed"),
      NULL, NULL, describe_party },
    /* a person's name and contact destroyed on this PC (doc/privacy.md) */
    { "party.forget", apply_party_forget, NULL, NULL, 0, NP_("person forgotten", "people forgotten"),
      NULL, NULL, describe_party },
    { "lot.create", apply_lot_create, NULL, NULL, 0, NP_("lot created", "lots created"),
      NULL, NULL, describe_lot_create },
    /* a device the donor's inventory file announced (core/inventory/announce.h) */
    { "lot.announce", apply_lot_announce, NULL, NULL, 0, NP_("device announced", "devices announced"),
      NC_("history", "announced"), describe_lot_announce },
    /* the taker's commitment to reuse the lot's devices (core/stock/lot_commit.h) */
    { "lot.commit", apply_lot_commit, NULL, NULL, 0, NP_("commitment to reuse", "commitments to reuse"),
      NC_("history", "commitment"), describe_lot_commit },
    { "device.receive", apply_device_receive, fold_device_receive, NULL, 0, NP_("device received", "devices received"),
      NULL, NULL, describe_device },
    { "device.update", NULL, fold_device_update, NULL, 0, NP_("device corrected", "devices corrected"),
      NULL, NULL, describe_device },
    { "device.state", NULL, fold_device_state, NULL, 0, NP_("change of state", "changes of state"),
      NULL, NULL, describe_device_state },
    { "device.grade", NULL, fold_device_grade, emit_device_grade, 1, NP_("grading", "gradings"),
      NULL, NULL, describe_device_grade },
    { "device.specs", NULL, NULL, NULL, 0, NP_("specs recorded", "specs recorded"),
      NC_("history", "specs"), describe_device_specs },
    /* what was found on the device differs from its announcement (core/inventory/found.h) */
    { "device.discrepancy", NULL, NULL, NULL, 0, NP_("difference with the announcement", "differences with the announcement"),
      NC_("history", "not as announced"), describe_device_discrepancy },
    { "media.add", NULL, NULL, emit_media_add, 1, NP_("storage medium added", "storage media added"),
      NC_("history", "disk added"), describe_media_add },
    { "media.none", NULL, NULL, NULL, 1, NP_("declared without storage", "declared without storage"),
      NC_("history", "no storage"), describe_media_none },
    { "wipe.record", apply_wipe_record, NULL, emit_wipe_link, 1, NP_("wipe recorded", "wipes recorded"),
      NC_("history", "wipe"), describe_wipe_record },
    { "wipe.assign", NULL, NULL, emit_wipe_link, 1, NP_("wipe assigned", "wipes assigned"),
      NC_("history", "wipe linked"), describe_wipe_assign },
    /* transfers between workshops (doc/region.md): judged and folded in
     * core/log/project.c, which owns the rules of ownership */
    { "device.offer", NULL, NULL, NULL, 1, NP_("transfer offered", "transfers offered"),
      NC_("history", "offered"), describe_device_offer },
    { "device.accept", NULL, NULL, NULL, 1, NP_("transfer accepted", "transfers accepted"),
      NC_("history", "accepted"), describe_device_accept },
    { "device.cancel", NULL, NULL, NULL, 1, NP_("transfer cancelled", "transfers cancelled"),
      NC_("history", "offer cancelled"), describe_device_cancel },
    /* what becomes of a ready device (core/alloc/alloc.h, apply_alloc.c) */
    { "alloc.reserve", NULL, fold_alloc_reserve, emit_alloc_reserve, 0, NP_("reservation", "reservations"),
      NC_("history", "reserved"), describe_alloc_reserve },
    { "alloc.allocate", NULL, fold_alloc_allocate, emit_alloc_allocate, 0, NP_("allocation", "allocations"),
      NC_("history", "allocated"), describe_alloc_allocate },
    { "alloc.status", NULL, fold_alloc_status, emit_alloc_status, 0,
      NP_("allocation step", "allocation steps"), NC_("history", "allocation"), describe_alloc_status },
    { "alloc.return", NULL, fold_alloc_return, emit_alloc_return, 0, NP_("loan returned", "loans returned"),
      NC_("history", "returned"), describe_alloc_return },
    { "device.parts", NULL, fold_device_parts, emit_device_parts, 0,
      NP_("harvested for parts", "harvested for parts"), NC_("history", "parts"), describe_device_parts },
    { "device.recycle", NULL, fold_device_recycle, emit_device_recycle, 0,
      NP_("sent to recycling", "sent to recycling"), NC_("history", "recycled"), describe_device_recycle },
    /* a workshop's team goals, opt-in (core/goals/goals.h, apply_goals.c) */
    { "workshop.goals", apply_workshop_goals, NULL, NULL, 0, NP_("team goals set", "team goals set"),
      NC_("history", "team goals"), describe_workshop_goals },
    /* the IT purchases a party declares for a year (core/stock/party_purchases.h) */
    { "party.purchases", apply_party_purchases, NULL, NULL, 0,
      NP_("IT purchases declared", "IT purchases declared"), NC_("history", "IT purchases"),
      describe_party_purchases },
};

const EventKind *kind_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(KINDS[i].name, name) == 0) return &KINDS[i];
    return NULL;
}

const EventKind *kind_all(size_t *n)
{
    *n = sizeof KINDS / sizeof KINDS[0];
    return KINDS;
}

const char *kind_label(const char *name, long long n)
{
    const EventKind *k = kind_find(name);
    if (!k) return name;
    return ngettext(k->label_one, k->label_many, (unsigned long)(n < 0 ? -n : n));
}

const char *kind_short(const char *name)
{
    const EventKind *k = kind_find(name);
    if (!k) return name;
    return k->short_key ? i18n_ctx(k->short_key, k->short_msgid) : ngettext(k->label_one, k->label_many, 1);
}

void kind_describe(const Event *ev, char *out, size_t size)
{
    if (size) out[0] = '\0';
    const EventKind *k = kind_find(ev->kind);
    if (k && k->describe && ev->payload) k->describe(ev, out, size);
}
