// Reading and writing ONNX model files safely: size and external-data checks on read; atomic,
// non-destructive writes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace ortkit::graph {

struct ReadOptions {
  /// Read external data into each tensor's raw_data (needed to rewrite weights). When false,
  /// external references are still checked: inside the model's directory, file present, long
  /// enough.
  bool load_external_data = false;
  /// When set, receives the external data files the model refers to (canonical paths, each once),
  /// so that a writer can refuse to write over them (RefuseInputAsOutput).
  std::vector<std::string>* external_files = nullptr;
};

/// Parses the model at `path`. Throws Error(kLoad) naming the file for: a missing file, a
/// directory, unreadable bytes, a protobuf that is not a model (no graph), a file over 2 GiB
/// (protobuf's limit: such models must keep weights in external data), and external data whose
/// location is absolute, escapes the model's directory (also through a symlink), is missing or
/// shorter than declared.
onnx::ModelProto ReadModel(const std::string& path, const ReadOptions& options = {});

/// Parses serialized model bytes; `label` names them in errors.
onnx::ModelProto ParseModel(const std::string& bytes, const std::string& label);

struct WriteOptions {
  bool force = false;  ///< replace an existing file
  /// Models whose serialized size exceeds this keep initializers of at least 1 KiB in
  /// "<output file name>.data" beside the output (protobuf can't hold 2 GiB in one message), or
  /// "<output file name>.<n>.data" when that name is taken (by the model being replaced: its data
  /// stays until the new model is in place, then goes).
  uint64_t external_data_threshold = uint64_t{1} << 31;
  /// Files never removed when the replaced model's data files are tidied away: the input's
  /// external data (ReadOptions::external_files), which an old output may share.
  std::vector<std::string> keep_files = {};
};

/// Writes `model` to `path` atomically (core::WriteFileAtomically: an interrupted write leaves the
/// old file or the new one, never a mix). Refuses to overwrite an existing file unless `force`. The model must hold its weights
/// inline (ReadOptions::load_external_data). Throws Error(kIo) naming the path.
void WriteModelAtomically(const onnx::ModelProto& model, const std::string& path, const WriteOptions& options = {});

/// Throws Error(kIo) naming `out_path` when writing a model there (WriteModelAtomically: the file
/// and, for a model over 2 GiB, "<out_path>.data") would replace the input model `in_path` or one
/// of its external data files `in_external_files` (ReadOptions::external_files), even with --force:
/// fix, extract and reduce never modify their input.
void RefuseInputAsOutput(const std::string& in_path, const std::vector<std::string>& in_external_files,
                         const std::string& out_path);

/// Whether the model (any graph, subgraphs included) has an initializer stored externally.
bool HasExternalData(const onnx::ModelProto& model);

}  // namespace ortkit::graph
