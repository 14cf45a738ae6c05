/*
 * cmd_config.c — boucle config set KEY VALUE; boucle config get KEY.
 * The file is written 0600 by core/settings/config.c. A password is never shown:
 * `config get hub.password` only says whether one is set.
 */
#include "cli/commands.h"
#include "core/settings/config.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static int is_secret(const char *key)
{
    const char *dot = strrchr(key, '.');
    return strcmp(dot ? dot + 1 : key, "password") == 0;
}

int cmd_config(Cli *cli, int argc, char **argv)
{
    (void)cli;
    Err e = {0};
    if (argc == 4 && strcmp(argv[1], "set") == 0) {
        if (!argv[2][0] || strpbrk(argv[2], " =[]#;\n"))
            return cli_usage(_("invalid configuration key \"%s\""), argv[2]);
        if (strchr(argv[3], '\n')) return cli_usage("%s", _("a configuration value is one line"));
        if (config_set(NULL, argv[2], argv[3], &e) < 0) return cli_fail(&e);
        return EXIT_OK;
    }
    if (argc == 3 && strcmp(argv[1], "get") == 0) {
        char value[4096];
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
    printf("%s\n", _("Usage: boucle config set KEY VALUE | boucle config get KEY"));
    return argc == 2 && strcmp(argv[1], "--help") == 0 ? EXIT_OK : EXIT_USAGE;
}
