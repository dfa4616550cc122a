// Fuzz target: the .pb readers of src/io/. The bytes as a TensorProto (ParseTensorProto), then
// as a SequenceProto, MapProto and OptionalProto (ReadValueProto, which reads from a path).
// Hostile sizes (dims claiming gigabytes, element counts overflowing int64) must be refused with
// an ortkit::Error before anything is allocated; libFuzzer's -malloc_limit_mb catches the rest.
#include "fuzz/fuzz_target.h"
#include "fuzz/temp_file.h"
#include "ortkit/error.h"
#include "ortkit/tensor_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string bytes = ortkit::fuzz::Bytes(data, size);
  try {
    (void)ortkit::ParseTensorProto(bytes, "fuzz.pb");
  } catch (const ortkit::Error&) {
  }
  const std::string path = ortkit::fuzz::WriteScratchFile("value.pb", bytes);
  for (const ortkit::ValueKind kind : {ortkit::ValueKind::kSequence, ortkit::ValueKind::kMap, ortkit::ValueKind::kOptional}) {
    try {
      (void)ortkit::ReadValueProto(path, kind);
    } catch (const ortkit::Error&) {
    }
  }
  return 0;
}
