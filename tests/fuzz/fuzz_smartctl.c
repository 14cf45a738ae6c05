/*
 * fuzz_smartctl.c — fuzz target of the reader of `smartctl --json -i`
 * output (core/wipe/probe.c probe_smartctl_json), which the program runs on
 * each disk it probes: the text comes from smartctl, or from whatever
 * $BOUCLE_SMARTCTL names, about a drive's firmware strings.
 *
 * probe_media() reads at most 256 KiB of the program's output into a
 * NUL-terminated string and calls probe_smartctl_json() on it; the target
 * does the same with the input. On any input:
 * - no read or write outside the input or the record (ASan), no undefined
 *   behaviour (UBSan), nothing leaked;
 * - the record's strings stay terminated; a field smartctl did not give is
 *   left as it was; the type is one of hdd, ssd, nvme or what it was;
 * - it says it named the disk only when the model or the serial changed or
 *   was given.
 *
 *   make fuzz && build-fuzz/fuzz_smartctl -dict=tests/fuzz/smartctl.dict tests/fuzz/corpus/smartctl
 */
#include "core/wipe/probe.h"
#include "tests/fuzz/fuzz_util.h"

#define REQUIRE(c) FUZZ_REQUIRE("smartctl", c)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 262144) size = 262144;   /* what probe.c reads of smartctl */
    char *s = fuzz_cstr(data, size);
    if (!s) return 0;
    ProbedMedium m, before;
    memset(&m, 0, sizeof m);
    snprintf(m.name, sizeof m.name, "sda");
    snprintf(m.model, sizeof m.model, "sysfs-model");
    snprintf(m.serial, sizeof m.serial, "sysfs-serial");
    snprintf(m.type, sizeof m.type, "other");
    m.bytes = 512;
    before = m;
    int named = probe_smartctl_json(s, &m);
    REQUIRE(named == 0 || named == 1);
    REQUIRE(FUZZ_TERMINATED(m.name) && FUZZ_TERMINATED(m.model) && FUZZ_TERMINATED(m.serial));
    REQUIRE(FUZZ_TERMINATED(m.type));
    REQUIRE(strcmp(m.name, before.name) == 0);
    REQUIRE(m.model[0] && m.serial[0]);
    REQUIRE(!strcmp(m.type, "other") || !strcmp(m.type, "hdd") || !strcmp(m.type, "ssd") || !strcmp(m.type, "nvme"));
    REQUIRE(m.bytes > 0);
    if (!named) REQUIRE(strcmp(m.model, before.model) == 0 && strcmp(m.serial, before.serial) == 0);
    free(s);
    return 0;
}
