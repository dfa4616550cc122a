// Model files: checked reads (sizes, external data kept inside the model's directory) and
// atomic writes that never damage what was there.
#include "graph/model_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>

#include "ortkit/error.h"

namespace ortkit::graph {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void LoadError(const std::string& path, const std::string& what) {
  throw Error(ErrorCategory::kLoad, "while reading '" + path + "': " + what);
}

[[noreturn]] void IoError(const std::string& path, const std::string& what) {
  throw Error(ErrorCategory::kIo, "while writing '" + path + "': " + what);
}

// Every tensor the model stores, in every graph and subgraph (If/Loop/Scan bodies).
void ForEachTensor(onnx::GraphProto& graph, const std::function<void(onnx::TensorProto&)>& fn) {
  for (auto& t : *graph.mutable_initializer()) fn(t);
  for (auto& node : *graph.mutable_node()) {
    for (auto& attr : *node.mutable_attribute()) {
      if (attr.has_t()) fn(*attr.mutable_t());
      for (auto& t : *attr.mutable_tensors()) fn(t);
      if (attr.has_g()) ForEachTensor(*attr.mutable_g(), fn);
      for (auto& g : *attr.mutable_graphs()) ForEachTensor(g, fn);
    }
  }
}

struct ExternalRef {
  std::string location;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
};

ExternalRef ParseExternalRef(const std::string& path, const onnx::TensorProto& t) {
  ExternalRef ref;
  for (const auto& kv : t.external_data()) {
    try {
      if (kv.key() == "location") ref.location = kv.value();
      if (kv.key() == "offset") ref.offset = std::stoull(kv.value());
      if (kv.key() == "length") ref.length = std::stoull(kv.value());
    } catch (const std::exception&) {
      LoadError(path, "tensor '" + t.name() + "': external data " + kv.key() + " '" + kv.value() +
                          "' is not a number");
    }
  }
  if (ref.location.empty()) LoadError(path, "tensor '" + t.name() + "': external data has no location");
  return ref;
}

// The file behind an external reference, refused when it leaves the model's directory.
fs::path ResolveExternal(const std::string& path, const onnx::TensorProto& t, const ExternalRef& ref) {
  const fs::path location(ref.location);
  const std::string who = "tensor '" + t.name() + "': external data '" + ref.location + "'";
  if (location.is_absolute()) LoadError(path, who + " is an absolute path; it must be relative to the model's directory");
  for (const auto& part : location) {
    if (part == "..") LoadError(path, who + " leaves the model's directory");
  }
  std::error_code ec;
  const fs::path dir = fs::weakly_canonical(fs::absolute(fs::path(path)).parent_path(), ec);
  const fs::path file = dir / location;
  if (!fs::exists(file, ec)) LoadError(path, who + " does not exist");
  const fs::path real = fs::canonical(file, ec);
  if (ec) LoadError(path, who + ": " + ec.message());
  const auto [dir_end, real_it] = std::mismatch(dir.begin(), dir.end(), real.begin(), real.end());
  if (dir_end != dir.end()) LoadError(path, who + " points outside the model's directory (through a link)");
  if (!fs::is_regular_file(real, ec)) LoadError(path, who + " is not a regular file");
  const uint64_t size = fs::file_size(real, ec);
  if (ec) LoadError(path, who + ": " + ec.message());
  const uint64_t length = ref.length.value_or(size >= ref.offset ? size - ref.offset : 0);
  if (ref.offset > size || length > size - ref.offset) {
    LoadError(path, who + " is shorter than declared: offset " + std::to_string(ref.offset) + " + length " +
                        std::to_string(length) + " > file size " + std::to_string(size));
  }
  return real;
}

void CheckOrLoadExternal(const std::string& path, onnx::ModelProto& model, bool load) {
  ForEachTensor(*model.mutable_graph(), [&](onnx::TensorProto& t) {
    if (t.data_location() != onnx::TensorProto::EXTERNAL) return;
    const ExternalRef ref = ParseExternalRef(path, t);
    const fs::path file = ResolveExternal(path, t, ref);
    if (!load) return;
    const uint64_t length = ref.length.value_or(fs::file_size(file) - ref.offset);
    std::ifstream in(file, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(ref.offset));
    std::string data(length, '\0');
    if (!in.read(data.data(), static_cast<std::streamsize>(length))) {
      LoadError(path, "tensor '" + t.name() + "': could not read external data '" + ref.location + "'");
    }
    t.set_raw_data(std::move(data));
    t.clear_external_data();
    t.set_data_location(onnx::TensorProto::DEFAULT);
  });
}

void FsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

onnx::ModelProto ParseModel(const std::string& bytes, const std::string& label) {
  onnx::ModelProto model;
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    LoadError(label, "the file is over 2 GiB, more than protobuf can parse; such models must keep weights in external data");
  }
  if (!model.ParseFromString(bytes)) LoadError(label, "not an ONNX model (protobuf parse failed)");
  if (!model.has_graph()) LoadError(label, "a protobuf message but not an ONNX model (it has no graph)");
  return model;
}

onnx::ModelProto ReadModel(const std::string& path, const ReadOptions& options) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) LoadError(path, std::strerror(errno));
  if (S_ISDIR(st.st_mode)) LoadError(path, "it is a directory, not a model file");
  std::ifstream in(path, std::ios::binary);
  if (!in) LoadError(path, std::strerror(errno));
  if (static_cast<uint64_t>(st.st_size) > static_cast<uint64_t>(std::numeric_limits<int>::max())) {
    LoadError(path, "the file is over 2 GiB, more than protobuf can parse; such models must keep weights in external data");
  }
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) LoadError(path, "could not read the whole file");
  onnx::ModelProto model = ParseModel(bytes, path);
  CheckOrLoadExternal(path, model, options.load_external_data);
  return model;
}

bool HasExternalData(const onnx::ModelProto& model) {
  bool found = false;
  onnx::GraphProto graph = model.graph();  // a copy: ForEachTensor walks mutable graphs
  ForEachTensor(graph, [&](onnx::TensorProto& t) { found = found || t.data_location() == onnx::TensorProto::EXTERNAL; });
  return found;
}

void WriteFileAtomically(const std::string& path, const std::string& bytes, bool force) {
  std::error_code ec;
  if (!force && fs::exists(path, ec)) IoError(path, "it exists; pass --force to overwrite it");
  const fs::path target = fs::absolute(fs::path(path));
  const fs::path dir = target.parent_path();
  if (!fs::is_directory(dir, ec)) IoError(path, "directory '" + dir.string() + "' does not exist");
  std::string temp = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) IoError(path, std::string("cannot create a temporary file: ") + std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      IoError(path, why);
    }
    done += static_cast<std::size_t>(n);
  }
  ::fchmod(fd, 0644);
  // The data must be on disk before the rename makes it visible under the real name.
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    IoError(path, why);
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    IoError(path, why);
  }
  FsyncPath(dir.string(), O_RDONLY | O_DIRECTORY);
}

void WriteModelAtomically(const onnx::ModelProto& model, const std::string& path, const WriteOptions& options) {
  if (HasExternalData(model)) {
    IoError(path, "the model still refers to external data; read it with load_external_data first");
  }
  if (model.ByteSizeLong() <= options.external_data_threshold) {
    std::string bytes;
    if (!model.SerializeToString(&bytes)) IoError(path, "the model could not be serialized");
    WriteFileAtomically(path, bytes, options.force);
    return;
  }
  // Too big for one protobuf message: large initializers move to a data file beside the model,
  // written (atomically) before the model that refers to it.
  onnx::ModelProto out = model;
  const std::string data_name = fs::path(path).filename().string() + ".data";
  std::string data;
  ForEachTensor(*out.mutable_graph(), [&](onnx::TensorProto& t) {
    if (!t.has_raw_data() || t.raw_data().size() < 1024) return;
    const uint64_t offset = data.size();
    const uint64_t length = t.raw_data().size();
    data += t.raw_data();
    t.clear_raw_data();
    t.set_data_location(onnx::TensorProto::EXTERNAL);
    auto add = [&t](const std::string& k, const std::string& v) {
      auto* entry = t.add_external_data();
      entry->set_key(k);
      entry->set_value(v);
    };
    add("location", data_name);
    add("offset", std::to_string(offset));
    add("length", std::to_string(length));
  });
  WriteFileAtomically((fs::path(path).parent_path() / data_name).string(), data, options.force);
  std::string bytes;
  if (!out.SerializeToString(&bytes)) IoError(path, "the model could not be serialized");
  WriteFileAtomically(path, bytes, options.force);
}

}  // namespace ortkit::graph
