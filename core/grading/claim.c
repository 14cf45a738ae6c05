/* claim.c — see claim.h. */
#include "core/grading/claim.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static void add(Claim *c, const char *text)
{
    if (c->nmissing < CLAIM_MISSING_MAX)
        snprintf(c->missing[c->nmissing++], sizeof c->missing[0], "%s", text);
}

void claim_compute(const ClaimInput *in, Claim *out)
{
    char buf[256];
    memset(out, 0, sizeof *out);
    if (!in->graded) {
        add(out, _("not graded yet"));
    } else if (in->tests_not_passed > 0) {
        if (in->not_passed && *in->not_passed)
            snprintf(buf, sizeof buf, _("tests not passed (%d): %s"), in->tests_not_passed, in->not_passed);
        else
            snprintf(buf, sizeof buf, _("tests not passed: %d"), in->tests_not_passed);
        add(out, buf);
    } else if (in->tests_total <= 0) {
        add(out, _("the checklist has no test"));
    }
    size_t not_erased = 0, shown = 0;
    for (size_t i = 0; i < in->nmedia; i++) {
        if (in->media[i].erased) continue;
        not_erased++;
        if (out->nmissing < CLAIM_MISSING_MAX - 1) {   /* the last slot counts the rest */
            snprintf(buf, sizeof buf, _("disk S/N %s not erased"),
                     in->media[i].serial && *in->media[i].serial ? in->media[i].serial : "?");
            add(out, buf);
            shown++;
        }
    }
    if (not_erased > shown) {
        unsigned long rest = (unsigned long)(not_erased - shown);
        snprintf(buf, sizeof buf, _("other disks not erased: %lu"), rest);
        add(out, buf);
    }
    if (in->nmedia == 0 && in->storage_expected && !in->no_storage)
        add(out, _("no storage medium recorded"));
    out->reconditionne = out->nmissing == 0;
}

const char *claim_key(const Claim *c) { return c->reconditionne ? "reconditionne" : "occasion"; }

const char *claim_label(const Claim *c)
{
    /* TRANSLATORS: the legal wording of décret 2022-190, keep it exact. */
    return c->reconditionne ? _("refurbished") : _("used");
}

int claim_storage_expected(const char *category)
{
    static const char *const WITH[] = { "laptop", "desktop", "phone", "tablet" };
    for (size_t i = 0; i < sizeof WITH / sizeof WITH[0]; i++)
        if (category && !strcmp(category, WITH[i])) return 1;
    return 0;
}
