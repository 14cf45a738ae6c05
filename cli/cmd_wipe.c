/* cmd_wipe.c — boucle wipe add|import|assign|unassigned|run. `wipe run`
 * only asks (arguments, the yes) and shows (notices, progress lines, the
 * result): the erase itself is wipe_erase() (core/wipe/erase.h), as in the
 * screen. */
#include "cli/commands.h"
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
        case 'P': if ((w.passes = (int)cli_number("--passes", optarg, 1000)) < 0) return EXIT_USAGE; break;
        case 'S': w.started = optarg; break;
        case 'E': w.ended = optarg; break;
        case 'n': w.note = optarg; break;
        case 'O': oper = optarg; break;
        default: return EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || !w.media || !w.category || !w.technique || !w.tool || !w.status)
        return cli_usage("%s", _("Usage: boucle wipe add ID --media SN --category clear|purge|destroy --technique T\n"
                                 "       --tool NAME [--tool-version V] [--verification none|sample|full --result passed|failed]\n"
                                 "       --status success|failed|aborted [--pattern P] [--passes N] [--start T] [--end T]"));
    Ctx c;
    Err e = { 0 };
    char key[EVENT_ID_MAX];
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int rc = EXIT_OK;
    if (cli_operator(&c, oper) < 0) rc = EXIT_ERR;
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
        default: return EXIT_USAGE;
        }
    }
    if (optind >= argc) return cli_usage("%s", _("Usage: boucle wipe import [--device ID] FILE|DIR..."));
    Ctx c;
    Err e = { 0 };
    WipeImport r = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int rc = EXIT_OK;
    if (cli_operator(&c, oper) < 0) rc = EXIT_ERR;
    for (int i = optind; rc == EXIT_OK && i < argc; i++)
        if (wipe_import_path(&c, dev, argv[i], &r, &e) < 0) rc = cli_fail(&e);
    ctx_close(&c);
    if (json) {
        cli_print_json(json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "files", r.files, "skipped_files",
                                 r.skipped_files, "drives", r.drives, "added", r.added, "known", r.known,
                                 "unassigned", r.unassigned, "erased", r.erased));
    } else {
        printf(_("%d file(s), %d drive(s): %d new wipe record(s) (%d erased, %d unassigned), %d already known.\n"),
               r.files, r.drives, r.added, r.erased, r.unassigned, r.known);
        if (r.skipped_files) printf(_("%d file(s) skipped: not nwipe logs.\n"), r.skipped_files);
    }
    return rc;
}

static int wipe_assign_cmd(Cli *cli, int argc, char **argv)
{
    if (argc != 3) return cli_usage("%s", _("Usage: boucle wipe assign KEY ID"));
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int rc = EXIT_OK;
    if (cli_operator(&c, NULL) < 0) rc = EXIT_ERR;
    else if (wipe_assign(&c, argv[1], argv[2], &e) < 0) rc = cli_fail(&e);
    ctx_close(&c);
    return rc;
}

static int wipe_unassigned_cmd(Cli *cli, int argc, char **argv)
{
    int json = argc > 1 && !strcmp(argv[1], "--json");
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    json_t *a = wipes_json(&c, "", &e);
    ctx_close(&c);
    if (!a) return cli_fail(&e);
    if (json) { cli_print_json(a); return EXIT_OK; }
    size_t i;
    json_t *w;
    json_array_foreach(a, i, w)
        printf("%s  %-24s %-8s %s\n", json_string_value(json_object_get(w, "key")),
               json_string_value(json_object_get(w, "serial")), json_string_value(json_object_get(w, "status")),
               json_string_value(json_object_get(w, "model")));
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
        case 'r': if ((rq.rounds = (int)cli_number("--rounds", optarg, ERASE_ROUNDS_MAX)) < 1) return EXIT_USAGE; break;
        case 'y': yes = 1; break;
        case 'l': rq.logfile = optarg; break;
        default: return EXIT_USAGE;
        }
    }
    if (optind != argc - 2)
        return cli_usage("%s", _("Usage: boucle wipe run ID /dev/BLOCKDEVICE [--method zero|random|dodshort|...] "
                                 "[--verify off|last|all] [--rounds N] [--yes]"));
    rq.device = argv[optind];
    rq.target = argv[optind + 1];
    Err e = { 0 };
    Ctx c;
    Device d;
    BlockInfo bi;
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
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
    if (cli_operator(&c, NULL) < 0) rc = EXIT_ERR;
    else if (wipe_erase(&c, &rq, show_progress, &sh, &r, &e) < 0) rc = cli_fail(&e);
    else {
        const WipeImport *w = &r.import;
        printf(_("%d file(s), %d drive(s): %d new wipe record(s) (%d erased, %d unassigned), %d already known.\n"),
               w->files, w->drives, w->added, w->erased, w->unassigned, w->known);
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
    if (argc < 2 || !strcmp(argv[1], "--help")) {
        printf("%s\n", _("Usage: boucle wipe add ID --media SN --category C --technique T --tool NAME --status S ...\n"
                         "       boucle wipe import [--device ID] FILE|DIR...\n"
                         "       boucle wipe assign KEY ID\n"
                         "       boucle wipe unassigned [--json]\n"
                         "       boucle wipe run ID /dev/BLOCKDEVICE [--method M] [--verify off|last|all] [--rounds N] [--yes]"));
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (!strcmp(argv[1], "add")) return wipe_add_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "import")) return wipe_import_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "assign")) return wipe_assign_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "unassigned")) return wipe_unassigned_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "run")) return wipe_run_cmd(cli, argc - 1, argv + 1);
    return cli_usage(_("unknown subcommand: %s"), argv[1]);
}
