// A shared library that is not a custom-op library: it exports no RegisterCustomOps. The custom-op
// library tests register it to see ORT's refusal named after it.
extern "C" __attribute__((visibility("default"))) int ortkit_test_not_a_custom_op_library() { return 42; }
