/* progress.c (cli) — see progress.h. */
#include "cli/progress.h"
#include "tui/progress.h"
#include "util/utf8.h"
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* the terminal's width, less one cell so that the line never wraps */
static int line_width(void)
{
    struct winsize ws;
    int w = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
    return w > 200 ? 199 : w - 1;
}

void cli_progress_begin(CliProgress *p, const char *label, int bytes, int on)
{
    memset(p, 0, sizeof *p);
    p->on = on && isatty(STDERR_FILENO);
    p->bytes = bytes;
    snprintf(p->label, sizeof p->label, "%s", label ? label : "");
    progress_start(&p->m, progress_now_ms());
}

void cli_progress_label(CliProgress *p, const char *label)
{
    snprintf(p->label, sizeof p->label, "%s", label ? label : "");
    progress_start(&p->m, progress_now_ms());
}

void cli_progress_step(CliProgress *p, int64_t done, int64_t total)
{
    if (!p->on) return;
    progress_test_delay();
    int64_t now = progress_now_ms();
    if (!progress_due(&p->m, now, done, total)) return;
    int width = line_width();
    char label[300], line[1024];
    /* the label takes at most a third of the line */
    int lw = utf8_width(p->label);
    if (lw > width / 3) lw = width / 3;
    utf8_pad(label, sizeof label, p->label, lw);
    progress_line(line, sizeof line, width - lw - 1, done, total, now - p->m.start_ms, p->bytes);
    fprintf(stderr, "\r%s %s", label, line);
    fflush(stderr);
    p->shown = 1;
}

void cli_progress_end(CliProgress *p)
{
    if (!p->on || !p->shown) return;
    fprintf(stderr, "\r%*s\r", line_width(), "");
    fflush(stderr);
    p->shown = 0;
}

void cli_progress_fn(void *arg, int64_t done, int64_t total)
{
    cli_progress_step(arg, done, total);
}
