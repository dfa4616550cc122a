// Model files: checked reads (sizes, external data kept inside the model's directory) and
// atomic writes that never damage what was there.
#include "graph/model_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>

#include "core/atomic_file.h"
#include "graph/model_scan.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void LoadError(const std::string& path, const std::string& what) {
  throw Error(ErrorCategory::kLoad, "while reading '" + path + "': " + what);
}

core::Overwrite Overwrite(bool force) { return force ? core::Overwrite::kReplace : core::Overwrite::kRefuse; }

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

void CheckOrLoadExternal(const std::string& path, onnx::ModelProto& model, const ReadOptions& options) {
  const bool load = options.load_external_data;
  ForEachTensor(*model.mutable_graph(), [&](onnx::TensorProto& t) {
    if (t.data_location() != onnx::TensorProto::EXTERNAL) return;
    const ExternalRef ref = ParseExternalRef(path, t);
    const fs::path file = ResolveExternal(path, t, ref);
    if (options.external_files != nullptr &&
        std::find(options.external_files->begin(), options.external_files->end(), file.string()) ==
            options.external_files->end()) {
      options.external_files->push_back(file.string());
    }
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

// "<model file name>.data" beside `path`, or, when that exists (the data of the model being
// replaced, which must survive until the new model is in place), "<name>.<n>.data".
std::string FreshDataFileName(const std::string& path) {
  const fs::path dir = fs::path(path).parent_path();
  const std::string base = fs::path(path).filename().string();
  std::error_code ec;
  if (!fs::exists(dir / (base + ".data"), ec)) return base + ".data";
  for (int n = 1;; ++n) {
    const std::string name = base + "." + std::to_string(n) + ".data";
    if (!fs::exists(dir / name, ec)) return name;
  }
}


}  // namespace

onnx::ModelProto ParseModel(const std::string& bytes, const std::string& label) {
  onnx::ModelProto model;
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    LoadError(label, "the file is over 2 GiB, more than protobuf can parse; such models must keep weights in external data");
  }
  if (!model.ParseFromString(bytes)) {
    // Protobuf only says "failed". A model nesting subgraphs (If/Loop bodies) past protobuf's
    // recursion limit is still a model, so "not an ONNX model" would mislead: the wire-format
    // scan (inspect's) tells that case apart and says where.
    try {
      ModelSummary ignored;
      ScanModel(bytes, label, fs::path(label).parent_path().string(), &ignored);
    } catch (const Error& e) {
      const std::string what = e.what();
      const auto detail = what.find("malformed protobuf");
      if (what.find("nested deeper than") != std::string::npos && detail != std::string::npos) {
        LoadError(label, "subgraphs nested deeper than protobuf can parse (" + what.substr(detail) + ")");
      }
    }
    LoadError(label, "not an ONNX model (protobuf parse failed)");
  }
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
  CheckOrLoadExternal(path, model, options);
  return model;
}

void RefuseInputAsOutput(const std::string& in_path, const std::vector<std::string>& in_external_files,
                         const std::string& out_path) {
  // Compared by identity (device and inode), so links and "./" spellings don't slip through.
  const auto same = [](const std::string& a, const std::string& b) {
    std::error_code ec;
    return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
  };
  const std::string data_file = out_path + ".data";  // WriteModelAtomically's, for models over 2 GiB
  for (const std::string& target : {out_path, data_file}) {
    if (same(in_path, target)) {
      IoError(target, "it is the input model '" + in_path + "'; the input is never overwritten, even with --force: "
                      "choose another output path");
    }
    for (const std::string& file : in_external_files) {
      if (same(file, target)) {
        IoError(target, "it holds the input model's external data ('" + file + "'); the input is never overwritten, "
                        "even with --force: choose another output path");
      }
    }
  }
}

bool HasExternalData(const onnx::ModelProto& model) {
  bool found = false;
  onnx::GraphProto graph = model.graph();  // a copy: ForEachTensor walks mutable graphs
  ForEachTensor(graph, [&](onnx::TensorProto& t) { found = found || t.data_location() == onnx::TensorProto::EXTERNAL; });
  return found;
}

void WriteModelAtomically(const onnx::ModelProto& model, const std::string& path, const WriteOptions& options) {
  if (HasExternalData(model)) {
    IoError(path, "the model still refers to external data; read it with load_external_data first");
  }
  if (model.ByteSizeLong() <= options.external_data_threshold) {
    std::string bytes;
    if (!model.SerializeToString(&bytes)) IoError(path, "the model could not be serialized");
    core::WriteFileAtomically(path, bytes, Overwrite(options.force));
    return;
  }
  // Too big for one protobuf message: large initializers move to a data file beside the model,
  // written (atomically) before the model that refers to it.
  onnx::ModelProto out = model;
  const fs::path dir = fs::path(path).parent_path();
  const std::string data_name = FreshDataFileName(path);
  // The data files of the model being replaced go once the new model is in place, not before:
  // until then an interrupted write leaves the old model with its own data intact.
  std::vector<std::string> old_data_files;
  if (options.force && fs::exists(path)) {
    try {
      ReadOptions old;
      old.external_files = &old_data_files;
      ReadModel(path, old);
    } catch (const Error&) {
      old_data_files.clear();  // not a model we can read: nothing of ours to tidy
    }
  }
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
  const fs::path data_path = dir / data_name;
  core::WriteFileAtomically(data_path.string(), data, core::Overwrite::kRefuse);  // a fresh name: never another file
  std::string bytes;
  if (!out.SerializeToString(&bytes)) IoError(path, "the model could not be serialized");
  try {
    core::WriteFileAtomically(path, bytes, Overwrite(options.force));
  } catch (const Error&) {
    ::unlink(data_path.c_str());  // nothing refers to it
    throw;
  }
  const std::string own_prefix = fs::path(path).filename().string() + ".";
  for (const std::string& file : old_data_files) {
    const std::string name = fs::path(file).filename().string();
    const bool ours = name.rfind(own_prefix, 0) == 0 && name.size() > 5 && name.substr(name.size() - 5) == ".data";
    std::error_code ec;
    const bool kept = std::any_of(options.keep_files.begin(), options.keep_files.end(),
                                  [&](const std::string& keep) { return fs::equivalent(file, keep, ec); });
    if (ours && !kept && !fs::equivalent(file, data_path, ec)) ::unlink(file.c_str());
  }
}

}  // namespace ortkit::graph
