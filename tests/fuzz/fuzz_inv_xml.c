/*
 * fuzz_inv_xml.c — fuzz target of the agent XML inventory reader
 * (core/inventory/agent_xml.c inv_parse_xml, what inv_parse_file calls on a
 * donor's file that starts with '<'): the input as a file, the
 * properties of tests/fuzz/fuzz_inv_common.h on every device and error.
 *
 *   make fuzz && build-fuzz/fuzz_inv_xml -dict=tests/fuzz/inv_xml.dict tests/fuzz/corpus/inv_xml
 */
#include "tests/fuzz/fuzz_inv_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (4 << 20)) return 0;
    inv_fuzz_run(data, size, inv_parse_xml);
    return 0;
}
