// Reading a test_data_set_* directory with ortkit's value readers, mapping files to ports.
#include "conformance/test_data.h"

#include <fstream>
#include <sstream>

// onnx_pb.h first: it defines the ONNX_API macro that onnx-data.pb.h uses.
#include <onnx/onnx_pb.h>
#include <onnx/onnx-data.pb.h>

#include "conformance/conformance_case.h"
#include "ortkit/error.h"
#include "ortkit/tensor_io.h"

namespace ortkit::conformance {
namespace {

template <typename Proto>
std::string NameIn(const std::string& bytes) {
  Proto proto;
  return proto.ParseFromString(bytes) ? proto.name() : std::string();
}

std::string FileName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

NamedValues ReadPorts(const std::vector<std::string>& files, const std::vector<ValueSpec>& specs,
                      const char* what) {
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.name);
  NamedValues values;
  std::vector<std::string> claimed_by(specs.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    // The stored name is read with the kind of the port at the same position: a file that names
    // another port of another kind then fails to parse, and position decides.
    const ValueKind guess = i < specs.size() ? specs[i].kind : ValueKind::kTensor;
    const auto port = PortFor(i, StoredName(files[i], guess), names);
    if (!port) {
      throw Error(ErrorCategory::kIo, FileName(files[i]) + " has no matching " + what + " (the model has " +
                                          std::to_string(specs.size()) + ")");
    }
    if (!claimed_by[*port].empty()) {
      throw Error(ErrorCategory::kIo, claimed_by[*port] + " and " + FileName(files[i]) + " both feed " +
                                          what + " '" + specs[*port].name + "'");
    }
    claimed_by[*port] = FileName(files[i]);
    values.push_back(NamedValue{specs[*port].name, ReadValueProto(files[i], specs[*port].kind)});
  }
  return values;
}

}  // namespace

std::optional<std::size_t> PortFor(std::size_t index, const std::string& stored_name,
                                   const std::vector<std::string>& port_names) {
  if (!stored_name.empty()) {
    for (std::size_t p = 0; p < port_names.size(); ++p) {
      if (port_names[p] == stored_name) return p;
    }
  }
  if (index < port_names.size()) return index;
  return std::nullopt;
}

std::string StoredName(const std::string& path, ValueKind kind) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  switch (kind) {
    case ValueKind::kTensor: return NameIn<onnx::TensorProto>(bytes.str());
    case ValueKind::kSequence: return NameIn<onnx::SequenceProto>(bytes.str());
    case ValueKind::kMap: return NameIn<onnx::MapProto>(bytes.str());
    case ValueKind::kOptional: return NameIn<onnx::OptionalProto>(bytes.str());
  }
  return {};
}

DataSet ReadDataSet(const std::string& dir, const std::vector<ValueSpec>& inputs,
                    const std::vector<ValueSpec>& outputs) {
  DataSet set;
  set.inputs = ReadPorts(NumberedFiles(dir, "input"), inputs, "input");
  set.outputs = ReadPorts(NumberedFiles(dir, "output"), outputs, "output");
  return set;
}

}  // namespace ortkit::conformance
