/*
 * getopt.h — option parsing for subcommands: getopt_long with the messages
 * in the user's language and errors as exit status 2.
 */
#ifndef BOUCLE_CLI_GETOPT_H
#define BOUCLE_CLI_GETOPT_H
#include <getopt.h>

/* Returned by cli_getopt for --help or -h (when the command has no such
 * option of its own): outside the range of option characters. */
#define CLI_HELP 0x10000

/* Like getopt_long (opterr off, optind reset by the first call for argv).
 * Returns the option, -1 at the end, CLI_HELP for --help / -h (nothing
 * printed), or '?' after printing a translated usage error naming the bad
 * option. */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);
/* Parses a non-negative integer option value; -1 and a message when bad. */
long cli_number(const char *opt, const char *value, long max);

#endif
