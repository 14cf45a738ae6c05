/* cmd_verify.c — boucle verify: checks the signed chain of grading and wipe
 * records; exit 1 naming the first altered record. */
#include "cli/commands.h"
#include "core/log/chain.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const CliForm FORMS[] = {
    { NULL, N_("boucle verify [--json]") },
    { NULL, NULL },
};

int cmd_verify(Cli *cli, int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, NULL);
        if (!strcmp(argv[i], "--json")) json = 1;
        else return cli_usage_of(FORMS, NULL, _("unexpected argument: %s"), argv[i]);
    }
    Ctx c;
    Err e = { 0 };
    ChainReport r;
    char fpr[CHAIN_FPR] = "";
    if (cli_open(cli, &c, 1, DB_READONLY) < 0) return EXIT_ERR;
    int rc = chain_verify(&c, &r, &e);
    chain_fingerprint(&c, fpr, NULL);
    ctx_close(&c);
    if (rc < 0) return cli_fail(&e);
    if (json) {
        json_t *j = json_pack("{s:b, s:I, s:s, s:s}", "ok", r.ok, "records", (json_int_t)r.records, "head", r.head,
                              "key_fingerprint", fpr);
        if (!r.ok)
            json_object_set_new(j, "first_bad", json_pack("{s:I, s:s, s:s, s:s}", "n", (json_int_t)r.bad_n, "event",
                                                          r.bad_event, "device", r.bad_device, "reason", r.reason));
        cli_print_json(j);
    }
    if (!r.ok) {
        if (r.bad_n)
            fprintf(stderr, _("boucle: record %lld (event %s, device %s): %s\n"), (long long)r.bad_n, r.bad_event,
                    r.bad_device[0] ? r.bad_device : "-", r.reason);
        else
            fprintf(stderr, _("boucle: event %s (device %s): %s\n"), r.bad_event, r.bad_device[0] ? r.bad_device : "-",
                    r.reason);
        return EXIT_ERR;
    }
    if (!json)
        printf(ngettext("%lld record verified, chain intact. Key %s\n", "%lld records verified, chain intact. Key %s\n",
                        (unsigned long)r.records), (long long)r.records, fpr);
    return EXIT_OK;
}
