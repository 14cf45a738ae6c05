/* cmd_media.c — boucle media add ID --serial SN [--model M] [--type T] [--bytes SIZE] | media list ID
 *              | media none ID [--note TEXT] (declared without storage, core media_declare_none) */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/wipe/media.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const CliForm FORMS[] = {
    { "add", N_("boucle media add ID --serial SN [--model M] [--type hdd|ssd|nvme|emmc|other] [--bytes SIZE]") },
    { "list", N_("boucle media list ID [--json]") },
    { "none", N_("boucle media none ID [--note TEXT]") },
    { NULL, NULL },
};

static int media_add_cmd(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "serial", required_argument, NULL, 's' }, { "model", required_argument, NULL, 'm' },
        { "type", required_argument, NULL, 't' }, { "bytes", required_argument, NULL, 'b' },
        { "operator", required_argument, NULL, 'O' }, { NULL, 0, NULL, 0 },
    };
    MediaNew m = { .bytes = -1 };
    const char *oper = NULL;
    int o;
    while ((o = cli_getopt(argc, argv, "s:m:t:b:O:", opts)) != -1) {
        switch (o) {
        case 's': m.serial = optarg; break;
        case 'm': m.model = optarg; break;
        case 't': m.type = optarg; break;
        case 'O': oper = optarg; break;
        case 'b': {
            /* as the media screen's Capacity field: 500107862016, 500G, "1,5 To" */
            Err be = { 0 };
            if (media_bytes_parse(optarg, &m.bytes, &be) < 0) return cli_usage_of(FORMS, "add", "--bytes: %s", be.msg);
            break;
        }
        case CLI_HELP: return cli_help(FORMS, "add");
        default: return cli_usage_of(FORMS, "add", NULL);
        }
    }
    if (optind < argc - 1) return cli_usage_of(FORMS, "add", _("unexpected argument: %s"), argv[optind + 1]);
    if (optind != argc - 1) return cli_usage_of(FORMS, "add", "%s", _("media add needs a device ID"));
    if (!m.serial) return cli_usage_of(FORMS, "add", _("media add needs --serial SN"));
    if (m.type && vocab_parse(&VOCAB_MEDIA_TYPE, m.type) < 0)
        return cli_usage_of(FORMS, "add", _("Unknown disk type \"%s\" (hdd, ssd, nvme, emmc, other)."), m.type);
    Ctx c;
    Err e = { 0 };
    char dev[DEVICE_ID_MAX];
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int rc = EXIT_OK;
    if (cli_operator(cli, &c, oper, 1) < 0) rc = EXIT_ERR;
    else if (media_add(&c, argv[optind], &m, dev, &e) < 0) rc = cli_fail(&e);
    else printf("%s %s\n", dev, m.serial);
    ctx_close(&c);
    return rc;
}

static int media_none_cmd(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "note", required_argument, NULL, 'n' }, { "operator", required_argument, NULL, 'O' }, { NULL, 0, NULL, 0 },
    };
    const char *note = NULL, *oper = NULL;
    int o;
    while ((o = cli_getopt(argc, argv, "n:O:", opts)) != -1) {
        if (o == 'n') note = optarg;
        else if (o == 'O') oper = optarg;
        else if (o == CLI_HELP) return cli_help(FORMS, "none");
        else return cli_usage_of(FORMS, "none", NULL);
    }
    if (optind != argc - 1) return cli_usage_of(FORMS, "none", NULL);
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int rc = EXIT_OK;
    if (cli_operator(cli, &c, oper, 1) < 0) rc = EXIT_ERR;
    else if (media_declare_none(&c, argv[optind], note, &e) < 0) rc = cli_fail(&e);
    ctx_close(&c);
    return rc;
}

int cmd_media(Cli *cli, int argc, char **argv)
{
    if (argc < 2) return cli_usage_of(FORMS, NULL, NULL);
    if (cli_is_help(argv[1])) return cli_help(FORMS, NULL);
    if (!strcmp(argv[1], "add")) return media_add_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "none")) return media_none_cmd(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "list")) return cli_usage_of(FORMS, NULL, _("unknown subcommand \"%s\""), argv[1]);
    const char *id = NULL;
    int json = 0;
    for (int i = 2; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, "list");
        if (!strcmp(argv[i], "--json")) json = 1;
        else if (!id && argv[i][0] != '-') id = argv[i];
        else return cli_usage_of(FORMS, "list", _("unexpected argument: %s"), argv[i]);
    }
    if (!id) return cli_usage_of(FORMS, "list", _("media list needs a device"));
    Ctx c;
    Err e = { 0 };
    Device d;
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int rc = EXIT_OK, f = device_find(&c, id, &d, &e);
    if (f <= 0) {
        if (!f) err_set(&e, ERR_NOTFOUND, _("No device %s."), id);
        rc = cli_fail(&e);
    } else {
        MediaList l;
        if (media_list(&c, d.id, &l, &e) < 0) rc = cli_fail(&e);
        else {
            json_t *a = json ? json_array() : NULL;
            for (size_t i = 0; i < l.n; i++) {
                Medium *m = &l.items[i];
                if (a) json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:I, s:b}", "serial", m->serial, "model",
                                                          m->model, "type", m->type, "bytes", (json_int_t)m->bytes,
                                                          "erased", m->erased));
                else {
                    char serial[sizeof m->serial + 64], model[sizeof m->model + 64];
                    printf("%s %-5s %s %s\n", cli_col(serial, sizeof serial, m->serial, 24), m->type,
                           cli_col(model, sizeof model, m->model, 24), m->erased ? _("erased") : _("not erased"));
                }
            }
            if (a) cli_print_json(a);
            media_list_free(&l);
        }
    }
    ctx_close(&c);
    return rc;
}
