/*
 * cmd_sync.c — boucle sync [--json] [--quiet]: one sync with the hub for
 * cron jobs. One summary line (pushed, pulled, rejected); exit 0 when
 * everything went through, 1 otherwise (hub unreachable, a refusal, a
 * document kept out). Progress goes to stderr when it is a terminal.
 */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/sync/sync.h"
#include "util/i18n.h"
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

static void on_progress(void *arg, const SyncProgress *p)
{
    int *last_phase = arg;
    /* each phase keeps its last line on screen */
    if (*last_phase != (int)p->phase && (*last_phase == SYNC_PHASE_PUSH || *last_phase == SYNC_PHASE_PULL))
        fputc('\n', stderr);
    *last_phase = (int)p->phase;
    if (p->phase == SYNC_PHASE_PUSH || p->phase == SYNC_PHASE_PULL) fputc('\r', stderr);
    if (p->phase == SYNC_PHASE_PUSH)
        fprintf(stderr, ngettext("push: %" PRId64 "/%" PRId64 " event, %.0f/s   ",
                                 "push: %" PRId64 "/%" PRId64 " events, %.0f/s   ", (unsigned long)p->push_total),
                p->push_done, p->push_total, p->docs_per_s);
    else if (p->phase == SYNC_PHASE_PULL && p->pull_pending >= 0)
        fprintf(stderr, ngettext("pull: %" PRId64 " change, to go: %" PRId64 ", %.0f/s   ",
                                 "pull: %" PRId64 " changes, to go: %" PRId64 ", %.0f/s   ", (unsigned long)p->pull_done),
                p->pull_done, p->pull_pending, p->docs_per_s);
    else if (p->phase == SYNC_PHASE_PULL)
        fprintf(stderr, ngettext("pull: %" PRId64 " change, %.0f/s   ", "pull: %" PRId64 " changes, %.0f/s   ",
                                 (unsigned long)p->pull_done), p->pull_done, p->docs_per_s);
}

static int print_reject(void *arg, const char *dir, const char *id, const char *error,
                        const char *reason, int attempts)
{
    (void)arg; (void)attempts;
    if (dir[1] == 'u' && dir[2] == 's')  /* "push" */
        fprintf(stderr, _("boucle: the hub refused %s: %s (%s)\n"), id, reason, error);
    else
        fprintf(stderr, _("boucle: kept out %s: %s\n"), id, reason);
    return 0;
}

static const CliForm FORMS[] = {
    { NULL, N_("boucle sync [--json] [--batch N] [--push-only | --pull-only]") },
    { NULL, NULL },
};

int cmd_sync(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "json", no_argument, NULL, 'j' },
        { "batch", required_argument, NULL, 'b' },
        { "push-only", no_argument, NULL, 'P' },
        { "pull-only", no_argument, NULL, 'L' },
        { NULL, 0, NULL, 0 },
    };
    int json = 0, o, skip_push = 0, skip_pull = 0;
    long batch = 0;
    while ((o = cli_getopt(argc, argv, "jb:PL", opts)) != -1) {
        switch (o) {
        case 'j': json = 1; break;
        case 'P': skip_pull = 1; break;
        case 'L': skip_push = 1; break;
        case 'b':
            if ((batch = cli_number("--batch", optarg, 10000)) < 1)
                return batch < 0 ? cli_usage_of(FORMS, NULL, NULL) : cli_usage_of(FORMS, NULL, "%s", _("--batch: at least 1"));
            break;
        case CLI_HELP: return cli_help(FORMS, NULL);
        default: return cli_usage_of(FORMS, NULL, NULL);
        }
    }
    if (optind < argc) return cli_usage_of(FORMS, NULL, _("unexpected argument: %s"), argv[optind]);
    if (skip_push && skip_pull) return cli_usage_of(FORMS, NULL, "%s", _("--push-only and --pull-only exclude each other"));
    Ctx c;
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    Err e = {0};
    SyncConfig cfg;
    if (sync_config_load(&c, NULL, &cfg, &e) < 0) {
        ctx_close(&c);
        return cli_fail(&e);
    }
    int last_phase = SYNC_PHASE_IDLE;
    SyncOpts so = { .batch = (int)batch, .retries = -1, .progress_arg = &last_phase,
                    .skip_push = skip_push, .skip_pull = skip_pull,
                    .progress = isatty(STDERR_FILENO) && !json ? on_progress : NULL };
    SyncResult res;
    int r = sync_run(&c, &cfg, &so, &res, &e);
    sync_config_clear(&cfg);
    if (res.rejected || res.deferred) sync_rejects(&c, print_reject, NULL, NULL);
    char clock[256];
    if (sync_clock_warning(&res, clock, sizeof clock)) fprintf(stderr, "boucle: %s\n", clock);
    ctx_close(&c);
    int ok = r == 0 && res.rejected == 0 && res.deferred == 0;
    if (json) {
        cli_print_json(json_pack("{s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:I, s:I, s:f, s:s?}",
            "ok", ok, "pushed", (json_int_t)res.pushed, "already", (json_int_t)res.already,
            "anchored", (json_int_t)res.anchored,
            "pulled", (json_int_t)res.pulled, "known", (json_int_t)res.known,
            "rejected", (json_int_t)res.rejected, "deferred", (json_int_t)res.deferred,
            "hub_reset", res.hub_reset, "bytes_out", (json_int_t)res.net.bytes_out,
            "bytes_in", (json_int_t)res.net.bytes_in, "seconds", res.seconds,
            "error", r < 0 ? e.msg : NULL));
    } else {
        printf(_("sync: %" PRId64 " pushed, %" PRId64 " pulled, %" PRId64 " rejected\n"),
               res.pushed + res.already, res.pulled, res.rejected + res.deferred);
    }
    if (r < 0) return json ? EXIT_ERR : cli_fail(&e);
    return ok ? EXIT_OK : EXIT_ERR;
}
