/*
 * cmd_config.c — boucle config set KEY VALUE; boucle config set SECRET_KEY;
 * boucle config get KEY; boucle config keys. The file is written 0600 by
 * core/settings/config.c. Only the keys boucle reads are accepted
 * (config_keys): a typo is refused with the list, not written where nothing
 * will ever read it; a value it could not read back whole is refused, not
 * cut. A password is never shown (`config get hub.password` only says
 * whether one is set) and never taken from the command line, where `ps`
 * and the shell's history would show it: it is typed at a prompt without
 * echo, or read from standard input (cli_read_secret).
 */
#include "cli/commands.h"
#include "core/settings/config.h"
#include "core/settings/lang.h"
#include "core/stock/operator.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const CliForm FORMS[] = {
    { "set", N_("boucle config set KEY VALUE\nboucle config set hub.password   (asked without echo, or read from standard input)") },
    { "get", N_("boucle config get KEY") },
    { "keys", N_("boucle config keys") },
    { NULL, NULL },
};

static int is_secret(const char *key)
{
    const char *dot = strrchr(key, '.');
    return strcmp(dot ? dot + 1 : key, "password") == 0;
}

static void list_keys(FILE *f)
{
    for (const char *const *k = config_keys; *k; k++)
        fprintf(f, "  %s\n", strcmp(*k, "printer.*") == 0 ? _("printer.NAME") : *k);
}

/* An unknown or over-long key: the reason, the usage and the known keys. */
static int bad_key(const char *sub, const Err *e)
{
    cli_usage_of(FORMS, sub, "%s", e->msg);
    fprintf(stderr, "%s\n", _("Known keys:"));
    list_keys(stderr);
    return EXIT_USAGE;
}

/* The values boucle checks when it reads them are checked here too, so that
 * a mistake shows now and not at the next start. */
static int check_value(Cli *cli, const char *key, const char *value)
{
    if (strcmp(key, "lang") == 0 && strcmp(value, "fr") != 0 && strcmp(value, "en") != 0)
        return cli_usage_of(FORMS, "set", _("unknown language \"%s\" (fr or en)"), value);
    if (strcmp(key, "operator") == 0) {
        /* the operator must be known in the database it will act in */
        Ctx c;
        if (cli_open(cli, &c, 1, DB_READONLY) < 0) return EXIT_ERR;
        Cli named = *cli;
        named.operator = value;
        int r = cli_operator(&named, &c, value, 1);
        ctx_close(&c);
        if (r < 0) return EXIT_ERR;
    }
    return EXIT_OK;
}

int cmd_config(Cli *cli, int argc, char **argv)
{
    Err e = {0};
    if (argc < 2) return cli_usage_of(FORMS, NULL, NULL);
    if (cli_is_help(argv[1])) return cli_help(FORMS, NULL);
    const char *sub = argv[1];
    int want = !strcmp(sub, "set") ? 4 : !strcmp(sub, "get") ? 3 : !strcmp(sub, "keys") ? 2 : 0;
    if (!want) return cli_usage_of(FORMS, NULL, _("unknown subcommand \"%s\""), sub);
    for (int i = 2; i < argc; i++)
        if (cli_is_help(argv[i])) return cli_help(FORMS, sub);
    if (want == 4 && argc >= 3 && is_secret(argv[2])) {
        if (argc > 3)
            return cli_usage_of(FORMS, sub, _("%s is not given on the command line, where other users and the shell's "
                                              "history see it: run boucle config set %s and type it, or give it on "
                                              "standard input (boucle config set %s < FILE)"),
                                argv[2], argv[2], argv[2]);
        want = 3;
    }
    if (argc > want) return cli_usage_of(FORMS, sub, _("unexpected argument: %s"), argv[want]);
    if (argc < want) return cli_usage_of(FORMS, sub, "%s", want == 4 ? _("config set needs a KEY and a VALUE") : _("config get needs a KEY"));
    if (want == 2) {
        list_keys(stdout);
        return EXIT_OK;
    }
    if (config_key_check(argv[2], &e) < 0) return bad_key(sub, &e);
    if (!strcmp(sub, "set")) {
        char secret[CONFIG_VALUE_MAX + 2];
        const char *value = argv[3];
        if (is_secret(argv[2])) {
            char q[160];
            snprintf(q, sizeof q, _("%s (not shown): "), argv[2]);
            int r = cli_read_secret(q, secret, sizeof secret);
            if (r == -2 || (r == 0 && strlen(secret) > config_value_max(argv[2]))) {
                explicit_bzero(secret, sizeof secret);
                fprintf(stderr, _("boucle: %s: value too long (at most %zu bytes); nothing changed\n"), argv[2],
                        config_value_max(argv[2]));
                return EXIT_USAGE;
            }
            if (r < 0 || !secret[0]) {
                explicit_bzero(secret, sizeof secret);
                fprintf(stderr, "boucle: %s\n", _("no value was given; nothing changed"));
                return EXIT_USAGE;
            }
            value = secret;
        }
        int rc = EXIT_OK;
        if (config_value_check(argv[2], value, &e) < 0) rc = cli_usage_of(FORMS, "set", "%s", e.msg);
        if (rc == EXIT_OK) rc = check_value(cli, argv[2], value);
        if (rc == EXIT_OK && config_set(NULL, argv[2], value, &e) < 0) rc = cli_fail(&e);
        explicit_bzero(secret, sizeof secret);
        return rc;
    }
    char value[CONFIG_VALUE_MAX + 1];
    int r = config_get(NULL, argv[2], value, sizeof value, &e);
    if (r < 0) return cli_fail(&e);
    if (r == 0) {
        fprintf(stderr, "boucle: %s\n", _("not set"));
        return EXIT_ERR;
    }
    if (is_secret(argv[2])) printf("%s\n", _("(set, not shown)"));
    else printf("%s\n", value);
    explicit_bzero(value, sizeof value);
    return EXIT_OK;
}
