// Writing Run inputs as .npy (NumPy format 1.0) from inside the traced program, and as ONNX
// TensorProto (.pb) for the element types NumPy has no dtype for: bfloat16, the float8s, the
// packed 4-bit types and strings. Both are written by hand: the preloaded library links nothing
// but libc, libdw and ORT, so that it never loads a second protobuf into the traced program.
#include "trace/trace_save_inputs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

namespace ortkit_trace {

extern OrtApi g_real;

namespace {

std::mutex g_mu;
SavedInputs g_saved;

const char* SaveDir() {
  static const char* dir = [] {
    const char* d = getenv("ORTKIT_TRACE_SAVE_INPUTS");
    return d != nullptr && *d != '\0' ? d : nullptr;
  }();
  return dir;
}

uint64_t MaxRuns() {
  static const uint64_t max_runs = [] {
    const char* n = getenv("ORTKIT_TRACE_SAVE_MAX_RUNS");
    return n != nullptr ? strtoull(n, nullptr, 10) : 10ull;
  }();
  return max_runs;
}

// NumPy's descr and the element size; nullptr when NumPy has no such type.
const char* Descr(ONNXTensorElementDataType type, size_t* size) {
  switch (type) {
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: *size = 4; return "<f4";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: *size = 8; return "<f8";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16: *size = 2; return "<f2";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8: *size = 1; return "|i1";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: *size = 1; return "|u1";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16: *size = 2; return "<i2";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16: *size = 2; return "<u2";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: *size = 4; return "<i4";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32: *size = 4; return "<u4";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: *size = 8; return "<i8";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64: *size = 8; return "<u8";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: *size = 1; return "|b1";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_COMPLEX64: *size = 8; return "<c8";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_COMPLEX128: *size = 16; return "<c16";
    default: return nullptr;
  }
}

// The ONNX name of a type saved as .pb (the manifest's dtype), and its payload in bytes for
// `elements` (4-bit types pack two per byte); nullptr for a type saved neither way. Numbers, not
// the enum's names: an older header lacks the newer types.
const char* ProtoType(int type, size_t elements, size_t* bytes) {
  switch (type) {
    case 8: *bytes = 0; return "string";
    case 16: *bytes = 2 * elements; return "bfloat16";
    case 17: *bytes = elements; return "float8e4m3fn";
    case 18: *bytes = elements; return "float8e4m3fnuz";
    case 19: *bytes = elements; return "float8e5m2";
    case 20: *bytes = elements; return "float8e5m2fnuz";
    case 21: *bytes = (elements + 1) / 2; return "uint4";
    case 22: *bytes = (elements + 1) / 2; return "int4";
    case 23: *bytes = (elements + 1) / 2; return "float4e2m1";
    default: return nullptr;
  }
}

void AppendVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    *out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  *out += static_cast<char>(v);
}

void AppendBytesField(std::string* out, int field, const void* data, size_t size) {
  AppendVarint(out, (static_cast<uint64_t>(field) << 3) | 2);
  AppendVarint(out, size);
  out->append(static_cast<const char*>(data), size);
}

// An ONNX TensorProto: dims (1), data_type (2), string_data (6) or raw_data (9), name (8).
// `strings` is used for string tensors, `data`/`bytes` otherwise.
bool WriteTensorProto(const std::string& path, int type, const std::string& name, const int64_t* dims, size_t rank,
                      const void* data, size_t bytes, const std::vector<std::string>* strings) {
  std::string out;
  for (size_t i = 0; i < rank; ++i) {
    AppendVarint(&out, 1 << 3);
    AppendVarint(&out, static_cast<uint64_t>(dims[i]));
  }
  AppendVarint(&out, 2 << 3);
  AppendVarint(&out, static_cast<uint64_t>(type));
  if (strings != nullptr) {
    for (const std::string& s : *strings) AppendBytesField(&out, 6, s.data(), s.size());
  }
  AppendBytesField(&out, 8, name.data(), name.size());
  if (strings == nullptr) AppendBytesField(&out, 9, data, bytes);
  FILE* f = fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  bool ok = fwrite(out.data(), 1, out.size(), f) == out.size();
  ok = fclose(f) == 0 && ok;
  return ok;
}

// A string tensor's elements; false when ORT refuses.
bool ReadStrings(const OrtValue* value, size_t elements, std::vector<std::string>* strings) {
  size_t total = 0;
  if (OrtStatus* s = g_real.GetStringTensorDataLength(value, &total)) {
    g_real.ReleaseStatus(s);
    return false;
  }
  std::string buffer(total, '\0');
  std::vector<size_t> offsets(elements);
  if (OrtStatus* s = g_real.GetStringTensorContent(value, buffer.data(), total, offsets.data(), elements)) {
    g_real.ReleaseStatus(s);
    return false;
  }
  for (size_t i = 0; i < elements; ++i) {
    const size_t end = i + 1 < elements ? offsets[i + 1] : total;
    strings->push_back(buffer.substr(offsets[i], end - offsets[i]));
  }
  return true;
}

std::string Sanitized(const char* name) {
  std::string out;
  for (const char* c = name; c != nullptr && *c != '\0'; ++c) {
    const bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' ||
                    *c == '-' || *c == '.';
    out += ok ? *c : '_';
  }
  return out.empty() ? "input" : out;
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

bool WriteNpy(const std::string& path, const char* descr, const int64_t* dims, size_t rank, const void* data,
              size_t bytes) {
  std::string shape = "(";
  for (size_t i = 0; i < rank; ++i) shape += std::to_string(dims[i]) + (rank == 1 || i + 1 < rank ? "," : "");
  shape += ")";
  std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  const size_t unpadded = 10 + header.size() + 1;  // magic(6) version(2) length(2) header '\n'
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  FILE* f = fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const unsigned char preamble[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                                      static_cast<unsigned char>(header.size() & 0xff),
                                      static_cast<unsigned char>(header.size() >> 8)};
  bool ok = fwrite(preamble, 1, 10, f) == 10 && fwrite(header.data(), 1, header.size(), f) == header.size() &&
            (bytes == 0 || fwrite(data, 1, bytes, f) == bytes);
  ok = fclose(f) == 0 && ok;
  return ok;
}

}  // namespace

bool ShouldSaveRun(uint64_t run) { return SaveDir() != nullptr && run <= MaxRuns(); }

void SaveRunInputs(int session_id, const std::string& model, uint64_t run, const char* const* names,
                   const OrtValue* const* values, size_t count) {
  const char* dir = SaveDir();
  if (dir == nullptr || run > MaxRuns()) return;
  const std::string session_dir = std::string(dir) + "/session" + std::to_string(session_id);
  const std::string run_dir = session_dir + "/run" + std::to_string(run);
  mkdir(dir, 0755);
  mkdir(session_dir.c_str(), 0755);
  mkdir(run_dir.c_str(), 0755);
  std::string inputs;
  int64_t files = 0, skipped = 0;
  for (size_t i = 0; i < count; ++i) {
    OrtTensorTypeAndShapeInfo* info = nullptr;
    OrtStatus* status = values[i] != nullptr ? g_real.GetTensorTypeAndShape(values[i], &info) : nullptr;
    if (status != nullptr || info == nullptr) {
      if (status != nullptr) g_real.ReleaseStatus(status);
      ++skipped;
      continue;
    }
    ONNXTensorElementDataType type = ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED;
    size_t rank = 0, elements = 0;
    int64_t dims[16] = {};
    (void)!g_real.GetTensorElementType(info, &type);
    (void)!g_real.GetDimensionsCount(info, &rank);
    (void)!g_real.GetTensorShapeElementCount(info, &elements);
    if (rank > 16) rank = 16;
    (void)!g_real.GetDimensions(info, dims, rank);
    g_real.ReleaseTensorTypeAndShapeInfo(info);
    size_t element_size = 0, proto_bytes = 0;
    const char* descr = Descr(type, &element_size);
    const char* proto_type = descr == nullptr ? ProtoType(static_cast<int>(type), elements, &proto_bytes) : nullptr;
    const OrtMemoryInfo* memory = nullptr;
    OrtMemoryInfoDeviceType device = OrtMemoryInfoDeviceType_CPU;
    if (g_real.GetTensorMemoryInfo(values[i], &memory) == nullptr && memory != nullptr) {
      g_real.MemoryInfoGetDeviceType(memory, &device);
    }
    const bool is_string = type == ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING;
    void* data = nullptr;
    if ((descr == nullptr && proto_type == nullptr) || device != OrtMemoryInfoDeviceType_CPU ||
        (elements > 0 && !is_string &&
         g_real.GetTensorMutableData(const_cast<OrtValue*>(values[i]), &data) != nullptr)) {
      ++skipped;
      continue;
    }
    std::vector<std::string> strings;
    if (is_string && !ReadStrings(values[i], elements, &strings)) {
      ++skipped;
      continue;
    }
    const std::string name = names != nullptr && names[i] != nullptr ? names[i] : "";
    const std::string file = "session" + std::to_string(session_id) + "/run" + std::to_string(run) + "/" +
                             std::to_string(i) + "_" + Sanitized(name.c_str()) + (descr != nullptr ? ".npy" : ".pb");
    const std::string path = std::string(dir) + "/" + file;
    const bool written = descr != nullptr ? WriteNpy(path, descr, dims, rank, data, elements * element_size)
                                          : WriteTensorProto(path, static_cast<int>(type), name, dims, rank, data,
                                                             proto_bytes, is_string ? &strings : nullptr);
    if (!written) {
      ++skipped;
      continue;
    }
    ++files;
    std::string shape = "[";
    for (size_t d = 0; d < rank; ++d) shape += (d ? "," : "") + std::to_string(dims[d]);
    shape += "]";
    inputs += std::string(inputs.empty() ? "" : ",") + "{\"name\":" + JsonString(name) + ",\"file\":" + JsonString(file) +
              ",\"dtype\":" + JsonString(descr != nullptr ? descr : proto_type) + ",\"shape\":" + shape + "}";
  }
  const std::string line = "{\"pid\":" + std::to_string(getpid()) + ",\"session\":" + std::to_string(session_id) +
                           ",\"model\":" + JsonString(model) + ",\"run\":" + std::to_string(run) + ",\"inputs\":[" +
                           inputs + "]}\n";
  std::lock_guard<std::mutex> lock(g_mu);
  const std::string manifest = std::string(dir) + "/manifest.jsonl";
  if (FILE* f = fopen(manifest.c_str(), "a")) {
    fwrite(line.data(), 1, line.size(), f);
    fclose(f);
  }
  g_saved.runs += 1;
  g_saved.files += files;
  g_saved.skipped += skipped;
}

SavedInputs TheSavedInputs() {
  std::lock_guard<std::mutex> lock(g_mu);
  SavedInputs saved = g_saved;
  saved.dir = SaveDir() != nullptr ? SaveDir() : "";
  return saved;
}

}  // namespace ortkit_trace
