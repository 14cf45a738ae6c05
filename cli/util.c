/* util.c — shared helpers of the command line (see cli.h). */
#include "cli/cli.h"
#include "core/settings/config.h"
#include "core/stock/operator.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int cli_fail(const Err *e)
{
    fprintf(stderr, "boucle: %s\n", e->msg[0] ? e->msg : _("unknown error"));
    return e->code == ERR_USAGE ? EXIT_USAGE : EXIT_ERR;
}

int cli_usage(const char *fmt, ...)
{
    va_list ap;
    fputs("boucle: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

void cli_print_json(json_t *j)
{
    if (!j) return;
    json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(j);
}

void cli_field(const char *label, const char *fmt, ...)
{
    char pad[256], value[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    /* 20 cells: the longest label, « inventaire donateur », fits; a longer
     * one is never cut, it pushes its value right */
    printf("  %s %s\n", cli_col(pad, sizeof pad, label, 20), value);
}

const char *cli_col(char *out, size_t n, const char *s, int cols)
{
    int w = utf8_width(s ? s : "");
    utf8_pad(out, n, s ? s : "", w > cols ? w : cols);
    return out;
}

int cli_open(Cli *cli, Ctx *c, int need_workshop, int db_flags)
{
    Err e = { 0 };
    /* Only init, demo and the UI create a database: a mistyped --db must
     * not leave an empty file behind. */
    if (need_workshop) db_flags |= DB_NOCREATE;
    if (ctx_open(c, cli->db_path, db_flags, &e) < 0) {
        cli_fail(&e);
        return -1;
    }
    if (need_workshop && !ctx_has_workshop(c)) {
        fprintf(stderr, "boucle: %s\n", _("this database has no workshop yet: run boucle init --workshop CODE --name NAME"));
        ctx_close(c);
        return -1;
    }
    return 0;
}

int cli_is_help(const char *arg)
{
    return arg && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0);
}

/* Prints "Usage: " and the forms of sub (all when sub is NULL or names
 * none), each line after the first indented under the first. */
static void print_forms(FILE *f, const CliForm *forms, const char *sub)
{
    int any = 0;
    for (const CliForm *x = forms; sub && x->synopsis; x++) any |= x->sub && strcmp(x->sub, sub) == 0;
    const char *head = _("Usage:");
    int indent = utf8_width(head) + 1, first = 1;
    for (const CliForm *x = forms; x->synopsis; x++) {
        if (any && (!x->sub || strcmp(x->sub, sub) != 0)) continue;
        const char *line = _(x->synopsis);
        while (*line) {
            size_t n = strcspn(line, "\n");
            if (first) fprintf(f, "%s %.*s\n", head, (int)n, line);
            else fprintf(f, "%*s%.*s\n", indent, "", (int)n, line);
            first = 0;
            line += n + (line[n] == '\n');
        }
    }
}

int cli_help(const CliForm *forms, const char *sub)
{
    print_forms(stdout, forms, sub);
    return EXIT_OK;
}

int cli_usage_of(const CliForm *forms, const char *sub, const char *fmt, ...)
{
    if (fmt) {
        va_list ap;
        fputs("boucle: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
    }
    print_forms(stderr, forms, sub);
    return EXIT_USAGE;
}

typedef struct Names {
    char buf[512];
    int n;
} Names;

static int add_name(void *arg, const char *name)
{
    Names *nm = arg;
    size_t len = strlen(nm->buf);
    if (len + strlen(name) + 8 >= sizeof nm->buf) {   /* a long list ends with … */
        if (!strstr(nm->buf, "…")) snprintf(nm->buf + len, sizeof nm->buf - len, ", …");
        return 0;
    }
    snprintf(nm->buf + len, sizeof nm->buf - len, "%s%s", nm->n++ ? ", " : "", name);
    return 0;
}

/* The second line of every refusal: who is known, or how to add someone. */
static void say_known_operators(Ctx *c)
{
    Names nm = { "", 0 };
    operator_list(c, add_name, &nm, NULL);
    if (nm.n) fprintf(stderr, "boucle: %s %s\n", _("known operators:"), nm.buf);
    else fprintf(stderr, "boucle: %s\n", _("no operator yet: add one with boucle operator add NAME"));
}

int cli_operator(Cli *cli, Ctx *c, const char *name, int required)
{
    Err e = { 0 };
    char conf[OPERATOR_MAX * 4 + 1] = "";
    int configured = 0;
    if (!name || !*name) name = cli->operator;
    if (!name || !*name) name = getenv("BOUCLE_OPERATOR");
    if (!name || !*name) {
        int r = config_get(NULL, "operator", conf, sizeof conf, &e);
        if (r < 0) return cli_fail(&e), -1;   /* a file that cannot be read is said, not taken for "none" */
        if (r == 1 && conf[0]) {
            name = conf;
            configured = 1;
        }
    }
    if (!name || !*name) {
        if (!required) return 0;
        fprintf(stderr, "boucle: %s\n",
                _("who is acting? Give --operator NAME, or choose this computer's operator once: "
                  "boucle config set operator NAME"));
        say_known_operators(c);
        return -1;
    }
    char stored[OPERATOR_MAX + 1];
    if (!operator_find(c, name, stored)) {
        if (configured && !required) return 0;
        if (configured) {
            char path[4096] = "boucle.conf";
            config_default_path(path, sizeof path);
            fprintf(stderr, _("boucle: the operator \"%s\" set in %s is not known in this database\n"), name, path);
        } else {
            fprintf(stderr, _("boucle: unknown operator \"%s\"\n"), name);
        }
        say_known_operators(c);
        return -1;
    }
    if (operator_choose(c, stored, &e) < 0) return cli_fail(&e), -1;   /* as it was added */
    return 0;
}

int cli_prompt(const char *question, char *out, size_t size, int hidden)
{
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty) return -1;
    struct termios old, raw;
    int fd = fileno(tty), restore = 0;
    fputs(question, tty);
    fflush(tty);
    if (hidden && tcgetattr(fd, &old) == 0) {
        raw = old;
        raw.c_lflag &= ~(tcflag_t)ECHO;
        restore = tcsetattr(fd, TCSAFLUSH, &raw) == 0;
    }
    int ok = fgets(out, (int)size, tty) != NULL;
    if (restore) { tcsetattr(fd, TCSAFLUSH, &old); fputc('\n', tty); }
    fclose(tty);
    if (!ok) return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

int cli_read_secret(const char *question, char *out, size_t size)
{
    if (isatty(STDIN_FILENO)) return cli_prompt(question, out, size, 1);
    /* a pipe or a file: its first line, whole */
    if (!fgets(out, (int)size, stdin)) return -1;
    size_t n = strcspn(out, "\r\n");
    if (!out[n] && !feof(stdin)) {
        explicit_bzero(out, size);
        return -2;
    }
    out[n] = '\0';
    return 0;
}
