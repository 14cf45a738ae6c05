/* cmd_wipe.c — boucle wipe add|import|assign|unassigned|run. `wipe run`
 * only asks (arguments, the yes) and shows (notices, progress lines, the
 * result): the erase itself is wipe_erase() (core/wipe/erase.h), as in the
 * screen. */
#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/getopt.h"
#include "core/grading/grading.h"
#include "core/wipe/erase.h"
#include "core/wipe/wipe.h"
#include "util/i18n.h"
#include "util/units.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const CliForm FORMS[] = {
    { "add", N_("boucle wipe add ID --media SN --category clear|purge|destroy --technique T --tool NAME\n"
                "  [--tool-version V] [--verification none|sample|full --result passed|failed]\n"
                "  --status success|failed|aborted [--pattern P] [--passes N] [--start T] [--end T] [--note TEXT]") },
    { "import", N_("boucle wipe import [--device ID] [--json] FILE|DIR...") },
    { "assign", N_("boucle wipe assign KEY ID [--move --reason TEXT]") },
    { "unassigned", N_("boucle wipe unassigned [--json]") },
    { "run", N_("boucle wipe run ID /dev/BLOCKDEVICE [--method zero|one|random|dodshort|dod522022m|gutmann|ops2|...]\n"
                "  [--verify off|last|all] [--rounds N] [--log FILE] [--yes]") },
    { NULL, NULL },
};

static int wipe_add_cmd(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "media", required_argument, NULL, 'm' }, { "category", required_argument, NULL, 'c' },
        { "technique", required_argument, NULL, 't' }, { "tool", required_argument, NULL, 'T' },
        { "tool-version", required_argument, NULL, 'V' }, { "verification", required_argument, NULL, 'v' },
        { "result", required_argument, NULL, 'r' }, { "status", required_argument, NULL, 's' },
        { "pattern", required_argument, NULL, 'p' }, { "passes", required_argument, NULL, 'P' },
        { "start", required_argument, NULL, 'S' }, { "end", required_argument, NULL, 'E' },
        { "note", required_argument, NULL, 'n' }, { "operator", required_argument, NULL, 'O' },
        { NULL, 0, NULL, 0 },
    };
    WipeNew w = { .passes = -1 };
    const char *oper = NULL;
    int o;
    while ((o = cli_getopt(argc, argv, "m:c:t:T:V:v:r:s:p:P:S:E:n:O:", opts)) != -1) {
        switch (o) {
        case 'm': w.media = optarg; break;
        case 'c': w.category = optarg; break;
        case 't': w.technique = optarg; break;
        case 'T': w.tool = optarg; break;
        case 'V': w.tool_version = optarg; break;
        case 'v': w.verification = optarg; break;
        case 'r': w.verification_result = optarg; break;
        case 's': w.status = optarg; break;
        case 'p': w.pattern = optarg; break;
        case 'P':
            if ((w.passes = (int)cli_number("--passes", optarg, 1000)) < 0) return cli_usage_of(FORMS, "add", NULL);
            break;
        case 'S': w.started = optarg; break;
        case 'E': w.ended = optarg; break;
        case 'n': w.note = optarg; break;
        case 'O': oper = optarg; break;
        case CLI_HELP: return cli_help(FORMS, "add");
        default: return cli_usage_of(FORMS, "add", NULL);
        }
    }
    if (optind < argc - 1) return cli_usage_of(FORMS, "add", _("unexpected argument: %s"), argv[optind + 1]);
    if (optind != argc - 1 || !w.media || !w.category || !w.technique || !w.tool || !w.status)
        return cli_usage_of(FORMS, "add", "%s", _("wipe add needs a device ID, --media, --category, --technique, --tool and --status"));
    /* the values with a fixed list are usage errors before anything is looked up */
    if (vocab_find(&VOCAB_WIPE_CATEGORY, w.category) < 0)
        return cli_usage_of(FORMS, "add", "%s", _("The category must be clear, purge or destroy (NIST SP 800-88)."));
    if (vocab_find(&VOCAB_WIPE_STATUS, w.status) < 0)
        return cli_usage_of(FORMS, "add", "%s", _("The status must be success, failed or aborted."));
    Ctx c;
    Err e = { 0 };
    char key[EVENT_ID_MAX];
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int rc = EXIT_OK;
    if (cli_operator(cli, &c, oper, 1) < 0) rc = EXIT_ERR;
    else if (wipe_add(&c, argv[optind], &w, key, &e) < 0) rc = cli_fail(&e);
    else printf("%s\n", key);
    ctx_close(&c);
    return rc;
}

static int wipe_import_cmd(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "device", required_argument, NULL, 'd' }, { "json", no_argument, NULL, 'j' },
        { "operator", required_argument, NULL, 'O' }, { NULL, 0, NULL, 0 },
    };
    const char *dev = NULL, *oper = NULL;
    int json = 0, o;
    while ((o = cli_getopt(argc, argv, "d:jO:", opts)) != -1) {
        switch (o) {
        case 'd': dev = optarg; break;
        case 'j': json = 1; break;
        case 'O': oper = optarg; break;
        case CLI_HELP: return cli_help(FORMS, "import");
        default: return cli_usage_of(FORMS, "import", NULL);
        }
    }
    if (optind >= argc) return cli_usage_of(FORMS, "import", "%s", _("wipe import needs a FILE or a DIR"));
    Ctx c;
    Err e = { 0 };
    WipeImport r = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int rc = EXIT_OK;
    if (cli_operator(cli, &c, oper, 1) < 0) rc = EXIT_ERR;
    CliProgress prog;
    cli_progress_begin(&prog, "", 0, !json);
    if (prog.on) {
        r.progress = cli_progress_fn;
        r.parg = &prog;
    }
    for (int i = optind; rc == EXIT_OK && i < argc; i++) {
        const char *base = strrchr(argv[i], '/') && strrchr(argv[i], '/')[1] ? strrchr(argv[i], '/') + 1 : argv[i];
        cli_progress_label(&prog, base);
        if (wipe_import_path(&c, dev, argv[i], &r, &e) < 0) {
            cli_progress_end(&prog);
            rc = cli_fail(&e);
        }
    }
    cli_progress_end(&prog);
    ctx_close(&c);
    if (rc != EXIT_OK && r.files == 0) return rc;   /* nothing read: the reason is said */
    if (json) {
        cli_print_json(json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "files", r.files, "skipped_files",
                                 r.skipped_files, "drives", r.drives, "added", r.added, "known", r.known,
                                 "unassigned", r.unassigned, "erased", r.erased));
    } else {
        char line[512];
        wipe_import_summary(&r, line, sizeof line);
        printf("%s\n", line);
        if (r.skipped_files)
            printf(ngettext("%d file skipped: not an nwipe log.\n", "%d files skipped: not nwipe logs.\n",
                            (unsigned long)r.skipped_files), r.skipped_files);
    }
    return rc;
}

static int wipe_assign_cmd(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "move", no_argument, NULL, 'm' }, { "reason", required_argument, NULL, 'r' }, { NULL, 0, NULL, 0 },
    };
    int move = 0, o;
    const char *reason = NULL;
    while ((o = cli_getopt(argc, argv, "mr:", opts)) != -1) {
        if (o == 'm') move = 1;
        else if (o == 'r') reason = optarg;
        else if (o == CLI_HELP) return cli_help(FORMS, "assign");
        else return cli_usage_of(FORMS, "assign", NULL);
    }
    if (argc - optind > 2) return cli_usage_of(FORMS, "assign", _("unexpected argument: %s"), argv[optind + 2]);
    if (argc - optind != 2) return cli_usage_of(FORMS, "assign", "%s", _("wipe assign needs a wipe KEY and a device ID"));
    if (move != (reason != NULL))
        return cli_usage_of(FORMS, "assign", "%s", _("--move and --reason go together: a wipe moves from one device to another only with a reason."));
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int rc = EXIT_OK;
    if (cli_operator(cli, &c, NULL, 1) < 0) rc = EXIT_ERR;
    else if (wipe_assign(&c, argv[optind], argv[optind + 1], reason, &e) < 0) {
        rc = cli_fail(&e);
        if (e.code == ERR_EXISTS)
            fprintf(stderr, "%s\n", _("To move it: boucle wipe assign KEY ID --move --reason TEXT"));
    }
    ctx_close(&c);
    return rc;
}

static int wipe_unassigned_cmd(Cli *cli, int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, "unassigned");
        if (!strcmp(argv[i], "--json")) json = 1;
        else return cli_usage_of(FORMS, "unassigned", _("unexpected argument: %s"), argv[i]);
    }
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    json_t *a = wipes_json(&c, "", &e);
    ctx_close(&c);
    if (!a) return cli_fail(&e);
    if (json) { cli_print_json(a); return EXIT_OK; }
    size_t i;
    json_t *w;
    json_array_foreach(a, i, w) {
        char serial[512], status[128];
        printf("%s  %s %s %s\n", json_string_value(json_object_get(w, "key")),
               cli_col(serial, sizeof serial, json_string_value(json_object_get(w, "serial")), 24),
               cli_col(status, sizeof status, json_string_value(json_object_get(w, "status")), 8),
               json_string_value(json_object_get(w, "model")));
    }
    json_decref(a);
    return EXIT_OK;
}

/* "01:02:03" */
static void hms(long s, char out[16])
{
    if (s < 0) snprintf(out, 16, "--:--:--");
    else snprintf(out, 16, "%02ld:%02ld:%02ld", s / 3600 % 100, s / 60 % 60, s % 60);
}

/* What `wipe run` shows: nwipe's notices as they come, and a line each
 * time the percentage moves. */
typedef struct Shown { char last[256]; int percent; } Shown;

static int show_progress(void *arg, const EraseProgress *p)
{
    Shown *sh = arg;
    if (p->last[0] && strcmp(p->last, sh->last)) {
        snprintf(sh->last, sizeof sh->last, "%s", p->last);
        printf("nwipe: %s\n", p->last);
    }
    /* nothing counted yet is nothing to show */
    if (p->percent >= 0 && p->percent != sh->percent && (p->done > 0 || p->percent == 100)) {
        char rate[32], eta[16], el[16];
        sh->percent = p->percent;
        units_bytes(p->rate, rate, sizeof rate);
        hms(p->eta, eta);
        hms(p->elapsed, el);
        printf(_("%3d %%  round %d of %d  %s/s  elapsed %s  left %s\n"), p->percent, p->round, p->rounds, rate, el, eta);
    }
    fflush(stdout);
    return 0;
}

static int wipe_run_cmd(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "method", required_argument, NULL, 'm' }, { "verify", required_argument, NULL, 'v' },
        { "rounds", required_argument, NULL, 'r' }, { "yes", no_argument, NULL, 'y' },
        { "log", required_argument, NULL, 'l' }, { NULL, 0, NULL, 0 },
    };
    EraseRequest rq = { .rounds = 1 };
    int yes = 0, opt;
    while ((opt = cli_getopt(argc, argv, "m:v:r:yl:", opts)) != -1) {
        switch (opt) {
        case 'm': rq.method = optarg; break;
        case 'v': rq.verify = optarg; break;
        case 'r': {
            long v = cli_number("--rounds", optarg, ERASE_ROUNDS_MAX);
            if (v < 1) return v < 0 ? cli_usage_of(FORMS, "run", NULL)
                                    : cli_usage_of(FORMS, "run", "%s", _("--rounds: at least 1"));
            rq.rounds = (int)v;
            break;
        }
        case 'y': yes = 1; break;
        case 'l': rq.logfile = optarg; break;
        case CLI_HELP: return cli_help(FORMS, "run");
        default: return cli_usage_of(FORMS, "run", NULL);
        }
    }
    if (optind != argc - 2)
        return cli_usage_of(FORMS, "run", "%s", _("wipe run needs a device ID and a block device"));
    rq.device = argv[optind];
    rq.target = argv[optind + 1];
    Err e = { 0 };
    Ctx c;
    Device d;
    BlockInfo bi;
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    /* who wipes is known before the disk is touched: the record needs it */
    if (cli_operator(cli, &c, NULL, 1) < 0) {
        ctx_close(&c);
        return EXIT_ERR;
    }
    int f = device_find(&c, rq.device, &d, &e);
    if (f <= 0 || erase_check_options(rq.method, rq.verify, rq.rounds, &e) < 0 || erase_check(&c, rq.target, &bi, &e) < 0) {
        if (!f) err_set(&e, ERR_NOTFOUND, _("No device %s."), rq.device);
        ctx_close(&c);
        return cli_fail(&e);
    }
    printf(_("ALL DATA on %s (model %s, serial %s, %lld bytes) will be destroyed, for device %s.\n"), bi.path,
           bi.model[0] ? bi.model : "?", bi.serial[0] ? bi.serial : "?", (long long)bi.bytes, d.id);
    if (!yes) {
        char ans[16] = "";
        printf("%s", _("Type yes to go on: "));
        fflush(stdout);
        if (!fgets(ans, sizeof ans, stdin) || (strncmp(ans, "yes", 3) && strncmp(ans, "oui", 3))) {
            ctx_close(&c);
            fprintf(stderr, "boucle: %s\n", _("nothing done"));
            return EXIT_ERR;
        }
    }
    int rc = EXIT_OK;
    EraseResult r;
    Shown sh = { .percent = -1 };
    Claim claim;
    if (wipe_erase(&c, &rq, show_progress, &sh, &r, &e) < 0) rc = cli_fail(&e);
    else {
        char line[512];
        wipe_import_summary(&r.import, line, sizeof line);
        printf("%s\n", line);
        printf("%s\n", r.erased    ? _("Erased: the wipe is recorded on this device.")
                        : r.stopped ? _("NOT erased: nwipe was stopped; the wipe is recorded as aborted.")
                                    : _("NOT erased: nwipe failed; the wipe is recorded as such, see its log."));
        if (device_get(&c, r.device, &d, NULL) == 1 && device_claim(&c, &d, &claim, NULL) == 0)
            printf(_("Claim: %s%s%s\n"), claim_label(&claim), claim.nmissing ? " — " : "",
                   claim.nmissing ? claim.missing[0] : "");
        printf(_("nwipe log kept in %s\n"), r.logfile);
        if (!r.erased) rc = EXIT_ERR;
    }
    ctx_close(&c);
    return rc;
}

int cmd_wipe(Cli *cli, int argc, char **argv)
{
    if (argc < 2) return cli_usage_of(FORMS, NULL, NULL);
    if (cli_is_help(argv[1])) return cli_help(FORMS, NULL);
    if (!strcmp(argv[1], "add")) return wipe_add_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "import")) return wipe_import_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "assign")) return wipe_assign_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "unassigned")) return wipe_unassigned_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "run")) return wipe_run_cmd(cli, argc - 1, argv + 1);
    return cli_usage_of(FORMS, NULL, _("unknown subcommand \"%s\""), argv[1]);
}
