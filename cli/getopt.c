/* getopt.c — see getopt.h. */
#include "cli/getopt.h"
#include "cli/cli.h"
#include "util/i18n.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char **current_argv;

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
    if (current_argv != argv) {
        current_argv = argv;
        optind = 0;   /* glibc: full reinitialisation */
    }
    opterr = 0;
    int c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c == '?' || c == ':') {
        const char *bad = optind > 0 && optind <= argc ? argv[optind - 1] : "";
        if (cli_is_help(bad)) return CLI_HELP;
        cli_usage(_("unknown option or missing value: %s"), bad);
        return '?';
    }
    return c;
}

long cli_number(const char *opt, const char *value, long max)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || *end || end == value || v < 0 || v > max) {
        cli_usage(_("%s: \"%s\" is not a number between 0 and %ld"), opt, value, max);
        return -1;
    }
    return v;
}
