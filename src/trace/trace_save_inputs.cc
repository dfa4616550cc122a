// Writing Run inputs as .npy (NumPy format 1.0) from inside the traced program.
#include "trace/trace_save_inputs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

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
    default: return nullptr;
  }
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
    size_t element_size = 0;
    const char* descr = Descr(type, &element_size);
    const OrtMemoryInfo* memory = nullptr;
    OrtMemoryInfoDeviceType device = OrtMemoryInfoDeviceType_CPU;
    if (g_real.GetTensorMemoryInfo(values[i], &memory) == nullptr && memory != nullptr) {
      g_real.MemoryInfoGetDeviceType(memory, &device);
    }
    void* data = nullptr;
    if (descr == nullptr || device != OrtMemoryInfoDeviceType_CPU ||
        (elements > 0 && g_real.GetTensorMutableData(const_cast<OrtValue*>(values[i]), &data) != nullptr)) {
      ++skipped;
      continue;
    }
    const std::string name = names != nullptr && names[i] != nullptr ? names[i] : "";
    const std::string file = "session" + std::to_string(session_id) + "/run" + std::to_string(run) + "/" +
                             std::to_string(i) + "_" + Sanitized(name.c_str()) + ".npy";
    if (!WriteNpy(std::string(dir) + "/" + file, descr, dims, rank, data, elements * element_size)) {
      ++skipped;
      continue;
    }
    ++files;
    std::string shape = "[";
    for (size_t d = 0; d < rank; ++d) shape += (d ? "," : "") + std::to_string(dims[d]);
    shape += "]";
    inputs += std::string(inputs.empty() ? "" : ",") + "{\"name\":" + JsonString(name) + ",\"file\":" + JsonString(file) +
              ",\"dtype\":" + JsonString(descr) + ",\"shape\":" + shape + "}";
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
