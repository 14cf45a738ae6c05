/*
 * fuzz_inv_json.c — fuzz target of the agent JSON inventory reader
 * (core/inventory/agent_json.c inv_parse_json, what inv_parse_file calls on a
 * donor's file that starts with '{'): the input as a file, the
 * properties of tests/fuzz/fuzz_inv_common.h on every device and error.
 *
 *   make fuzz && build-fuzz/fuzz_inv_json -dict=tests/fuzz/inv_json.dict tests/fuzz/corpus/inv_json
 */
#include "tests/fuzz/fuzz_inv_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (4 << 20)) return 0;
    inv_fuzz_run(data, size, inv_parse_json);
    return 0;
}
