/* cmd_key.c — boucle key: the workshop's signing key (core/log/chain.h).
 *   key show            its fingerprint and where its secret half is kept
 *   key new --reason R  a new key when the old one is lost or compromised,
 *                       announced in the chain (and at the hub at the next
 *                       sync) */
#include "cli/commands.h"
#include "core/log/chain.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const CliForm FORMS[] = {
    { "show", N_("boucle key show") },
    { "new", N_("boucle key new --reason lost|compromised|rotation") },
    { "passphrase", N_("boucle key passphrase      (asks for it; an empty one removes it)") },
    { NULL, NULL },
};

int cmd_key(Cli *cli, int argc, char **argv)
{
    if (argc < 2) return cli_usage_of(FORMS, NULL, "%s", _("missing subcommand"));
    if (cli_is_help(argv[1])) return cli_help(FORMS, NULL);
    const char *sub = argv[1], *reason = NULL;
    if (strcmp(sub, "show") && strcmp(sub, "new") && strcmp(sub, "passphrase"))
        return cli_usage_of(FORMS, NULL, _("unknown subcommand: %s"), sub);
    for (int i = 2; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, sub);
        if (!strcmp(sub, "new") && !strcmp(argv[i], "--reason") && i + 1 < argc) reason = argv[++i];
        else if (!strcmp(sub, "passphrase"))
            return cli_usage_of(FORMS, sub, "%s", _("the passphrase is asked, never given on the command line"));
        else return cli_usage_of(FORMS, sub, _("unexpected argument: %s"), argv[i]);
    }
    if (!strcmp(sub, "new") && (!reason || (strcmp(reason, "lost") && strcmp(reason, "compromised") &&
                                            strcmp(reason, "rotation"))))
        return cli_usage_of(FORMS, sub, "%s", _("--reason: lost, compromised or rotation"));
    Ctx c;
    Err e = { 0 };
    char fpr[CHAIN_FPR] = "", pk[CHAIN_HEX] = "", path[4096] = "";
    if (cli_open(cli, &c, 1, !strcmp(sub, "show") ? DB_READONLY : 0) < 0) return EXIT_ERR;
    if (!strcmp(sub, "new") && chain_key_new(&c, reason, &e) < 0) {
        ctx_close(&c);
        return cli_fail(&e);
    }
    if (!strcmp(sub, "passphrase")) {
        /* the key as it is (its passphrase asked when it has one), then the new one */
        char pass[256] = "", again[256] = "";
        int r = chain_key_unlock(&c, &e);
        if (r == 0 && cli_read_secret(_("New passphrase (empty: none): "), pass, sizeof pass) != 0)
            r = err_set(&e, ERR_USAGE, "%s", _("no passphrase read"));
        if (r == 0 && isatty(STDIN_FILENO) && (cli_read_secret(_("The same again: "), again, sizeof again) != 0 ||
                                               strcmp(pass, again) != 0))
            r = err_set(&e, ERR_USAGE, "%s", _("the two passphrases differ: nothing changed"));
        if (r == 0 && pass[0] && strlen(pass) < 8)
            r = err_set(&e, ERR_USAGE, "%s", _("a passphrase has at least 8 characters: nothing changed"));
        if (r == 0) r = chain_key_protect(&c, pass, &e);
        int protect = pass[0] != '\0';
        explicit_bzero(pass, sizeof pass);
        explicit_bzero(again, sizeof again);
        if (r < 0) {
            ctx_close(&c);
            return cli_fail(&e);
        }
        printf("%s\n", protect ? _("The signing key is now protected by this passphrase: boucle asks for it once "
                                   "per start. Without it nothing can be recorded.")
                                : _("The signing key is no longer protected by a passphrase."));
    }
    chain_fingerprint(&c, fpr, NULL);
    db_meta_get(c.db, "chain.public", pk, sizeof pk);
    ctx_close(&c);
    chain_key_path(pk, path, sizeof path);
    struct stat sb;
    int here = stat(path, &sb) == 0;
    if (!strcmp(sub, "new")) printf(_("New signing key %s, announced in the chain; the next sync announces it at the hub.\n"), fpr);
    else if (!strcmp(sub, "show")) printf(_("Signing key %s\n"), fpr);
    if (!strcmp(sub, "passphrase")) return EXIT_OK;
    printf(here ? _("Secret key: %s\n") : _("Secret key: %s (NOT on this computer)\n"), path);
    return EXIT_OK;
}
