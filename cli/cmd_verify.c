/* cmd_verify.c — boucle verify: the chain of every event of the workshop,
 * its signed heads and keys, the anchors the hub holds, and the tables
 * documents are built from against what the events give (core/log/verify.h,
 * core/sync/anchor.h). Exit 1 naming the first bad record. */
#include "cli/commands.h"
#include "core/log/chain.h"
#include "core/log/verify.h"
#include "core/sync/anchor.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const CliForm FORMS[] = {
    { NULL, N_("boucle verify [--json] [--chain-only] [--offline]") },
    { NULL, NULL },
};

int cmd_verify(Cli *cli, int argc, char **argv)
{
    int json = 0, chain_only = 0, offline = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, NULL);
        if (!strcmp(argv[i], "--json")) json = 1;
        else if (!strcmp(argv[i], "--chain-only")) chain_only = 1;
        else if (!strcmp(argv[i], "--offline")) offline = 1;
        else return cli_usage_of(FORMS, NULL, _("unexpected argument: %s"), argv[i]);
    }
    Ctx c;
    Err e = { 0 };
    ChainReport r;
    char fpr[CHAIN_FPR] = "";
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    /* the projections are recomputed in a transaction that is rolled back:
     * a database that can only be read gets its chain checked */
    int writable = !sqlite3_db_readonly(db_handle(c.db), "main");
    int projections = !chain_only && writable;
    int rc = verify_all(&c, &r, projections, &e);
    /* then the anchors the hub holds: a history rewritten and re-signed
     * since, with whatever key, shows there even when this file lies */
    char note[512] = "";
    if (rc == 0 && r.ok && !offline) rc = anchor_verify(&c, &r, note, sizeof note, &e);
    else if (offline) snprintf(note, sizeof note, "%s", _("hub not asked (--offline): local anchors only"));
    chain_fingerprint(&c, fpr, NULL);
    ctx_close(&c);
    if (rc < 0) return cli_fail(&e);
    if (json) {
        json_t *j = json_pack("{s:b, s:I, s:I, s:I, s:I, s:s, s:s, s:s}", "ok", r.ok, "records",
                              (json_int_t)r.records, "heads", (json_int_t)r.heads, "keys_replaced",
                              (json_int_t)r.keys, "anchors", (json_int_t)r.anchors, "head", r.head,
                              "key_fingerprint", fpr, "projections",
                              projections ? "checked" : "skipped");
        json_object_set_new(j, "hub_note", note[0] ? json_string(note) : json_null());
        json_object_set_new(j, "anchored", r.anchored_n ? json_pack("{s:I, s:s}", "n", (json_int_t)r.anchored_n,
                                                                    "hash", r.anchored) : json_null());
        if (!r.ok)
            json_object_set_new(j, "first_bad", json_pack("{s:I, s:s, s:s, s:s}", "n", (json_int_t)r.bad_n, "event",
                                                          r.bad_event, "device", r.bad_device, "reason", r.reason));
        cli_print_json(j);
    }
    if (!r.ok) {
        if (r.bad_n && r.bad_event[0])
            fprintf(stderr, _("boucle: record %lld (event %s, device %s): %s\n"), (long long)r.bad_n, r.bad_event,
                    r.bad_device[0] ? r.bad_device : "-", r.reason);
        else if (r.bad_n)
            fprintf(stderr, _("boucle: record %lld: %s\n"), (long long)r.bad_n, r.reason);
        else if (r.bad_event[0])
            fprintf(stderr, _("boucle: event %s (device %s): %s\n"), r.bad_event, r.bad_device[0] ? r.bad_device : "-",
                    r.reason);
        else
            fprintf(stderr, "boucle: %s\n", r.reason);
        return EXIT_ERR;
    }
    if (!json) {
        printf(ngettext("%lld record verified, chain intact. Key %s\n", "%lld records verified, chain intact. Key %s\n",
                        (unsigned long)r.records), (long long)r.records, fpr);
        printf(ngettext("%lld signed head checked", "%lld signed heads checked", (unsigned long)r.heads),
               (long long)r.heads);
        if (r.keys)
            printf(ngettext(", %lld key replaced", ", %lld keys replaced", (unsigned long)r.keys), (long long)r.keys);
        printf(".\n%s\n", projections ? _("The tables documents are built from are what the events give.")
                                       : !writable ? _("Tables not compared: the database can only be read here.")
                                                   : _("Tables not compared (--chain-only)."));
        if (r.anchored_n)
            printf(_("Anchored at the hub up to record %lld (%.16s…).\n"), (long long)r.anchored_n, r.anchored);
        else
            printf("%s\n", _("Not anchored at a hub yet: the next sync anchors the chain."));
        if (note[0]) printf("%s\n", note);
    }
    return EXIT_OK;
}
