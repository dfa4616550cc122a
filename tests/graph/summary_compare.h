// ExpectSummaryMatchesProto: a ModelSummary checked field by field against protobuf's full parse.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include "graph/inferred_types.h"
#include "graph/model_summary.h"
#include "ortkit/element_type.h"

namespace ortkit::testing {

struct ProtoGraph {
  std::string path;
  std::string owner_op;
  const onnx::GraphProto* graph;
};

// Every graph of the parsed model, in the order SummarizeModel lists them (depth first, node order).
inline void WalkGraphs(const onnx::GraphProto& g, const std::string& path, const std::string& op,
                       std::vector<ProtoGraph>* out) {
  out->push_back({path, op, &g});
  for (int i = 0; i < g.node_size(); ++i) {
    const onnx::NodeProto& n = g.node(i);
    for (const auto& a : n.attribute()) {
      const auto index = static_cast<std::size_t>(i);
      if (a.has_g()) WalkGraphs(a.g(), graph::SubgraphPath(path, n.name(), n.op_type(), index, a.name(), -1), n.op_type(), out);
      for (int j = 0; j < a.graphs_size(); ++j) {
        WalkGraphs(a.graphs(j), graph::SubgraphPath(path, n.name(), n.op_type(), index, a.name(), j), n.op_type(), out);
      }
    }
  }
}

// A tensor's payload size computed from the parsed message (see TensorSummary::bytes).
inline uint64_t ProtoTensorBytes(const onnx::TensorProto& t) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    for (const auto& kv : t.external_data()) {
      if (kv.key() == "length") return std::stoull(kv.value());
    }
    return 0;
  }
  if (t.has_raw_data()) return t.raw_data().size();
  const uint64_t size = ElementSize(ElementTypeFromOnnx(t.data_type()));
  uint64_t bytes = uint64_t(t.float_data_size()) * 4 + uint64_t(t.double_data_size()) * 8 +
                   (uint64_t(t.int32_data_size()) + t.int64_data_size() + t.uint64_data_size()) * size;
  for (const auto& s : t.string_data()) bytes += s.size();
  return bytes;
}

inline void ExpectValuesMatch(const std::vector<graph::ValueSummary>& values,
                              const google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>& protos,
                              const std::string& where) {
  ASSERT_EQ(values.size(), static_cast<std::size_t>(protos.size())) << where;
  for (int i = 0; i < protos.size(); ++i) {
    EXPECT_EQ(values[i].name, protos[i].name()) << where;
    EXPECT_EQ(graph::DescribeType(values[i].type), graph::DescribeType(graph::ValueTypeFromProto(protos[i].type())))
        << where << " " << protos[i].name();
  }
}

inline void ExpectGraphMatches(const graph::GraphSummary& s, const ProtoGraph& p, const std::string& where) {
  const onnx::GraphProto& g = *p.graph;
  EXPECT_EQ(s.path, p.path) << where;
  EXPECT_EQ(s.owner_op, p.owner_op) << where;
  EXPECT_EQ(s.name, g.name()) << where;
  ExpectValuesMatch(s.inputs, g.input(), where + " inputs");
  ExpectValuesMatch(s.outputs, g.output(), where + " outputs");
  EXPECT_EQ(s.value_infos, static_cast<uint64_t>(g.value_info_size())) << where;
  EXPECT_EQ(s.sparse_initializers, static_cast<uint64_t>(g.sparse_initializer_size())) << where;
  ASSERT_EQ(s.nodes.size(), static_cast<std::size_t>(g.node_size())) << where;
  uint64_t attribute_tensors = 0;
  for (int i = 0; i < g.node_size(); ++i) {
    const onnx::NodeProto& n = g.node(i);
    EXPECT_EQ(s.nodes[i].name, n.name()) << where;
    EXPECT_EQ(s.nodes[i].op_type, n.op_type()) << where;
    EXPECT_EQ(s.nodes[i].domain, n.domain()) << where;
    EXPECT_EQ(s.nodes[i].inputs, std::vector<std::string>(n.input().begin(), n.input().end())) << where;
    EXPECT_EQ(s.nodes[i].outputs, std::vector<std::string>(n.output().begin(), n.output().end())) << where;
    for (const auto& a : n.attribute()) attribute_tensors += (a.has_t() ? 1 : 0) + a.tensors_size();
  }
  EXPECT_EQ(s.attribute_tensors.size(), attribute_tensors) << where;
  ASSERT_EQ(s.initializers.size(), static_cast<std::size_t>(g.initializer_size())) << where;
  uint64_t parameters = 0;
  for (int i = 0; i < g.initializer_size(); ++i) {
    const onnx::TensorProto& t = g.initializer(i);
    const graph::TensorSummary& st = s.initializers[i];
    EXPECT_EQ(st.name, t.name()) << where;
    EXPECT_EQ(st.data_type, t.data_type()) << where << " " << t.name();
    EXPECT_EQ(st.dims, std::vector<int64_t>(t.dims().begin(), t.dims().end())) << where << " " << t.name();
    EXPECT_EQ(st.bytes, ProtoTensorBytes(t)) << where << " " << t.name();
    int64_t elements = 1;
    for (int64_t d : t.dims()) elements *= d;
    parameters += static_cast<uint64_t>(elements);
  }
  EXPECT_EQ(s.parameters, parameters) << where;
}

inline void ExpectSummaryMatchesProto(const graph::ModelSummary& s, const onnx::ModelProto& m) {
  const std::string& where = s.path;
  EXPECT_EQ(s.ir_version, m.ir_version()) << where;
  ASSERT_EQ(s.opset_imports.size(), static_cast<std::size_t>(m.opset_import_size())) << where;
  for (int i = 0; i < m.opset_import_size(); ++i) {
    EXPECT_EQ(s.opset_imports[i].domain, m.opset_import(i).domain()) << where;
    EXPECT_EQ(s.opset_imports[i].version, m.opset_import(i).version()) << where;
  }
  EXPECT_EQ(s.producer_name, m.producer_name()) << where;
  EXPECT_EQ(s.producer_version, m.producer_version()) << where;
  EXPECT_EQ(s.domain, m.domain()) << where;
  EXPECT_EQ(s.model_version, m.model_version()) << where;
  EXPECT_EQ(s.doc_string, m.doc_string()) << where;
  ASSERT_EQ(s.metadata_props.size(), static_cast<std::size_t>(m.metadata_props_size())) << where;
  for (int i = 0; i < m.metadata_props_size(); ++i) {
    EXPECT_EQ(s.metadata_props[i].first, m.metadata_props(i).key()) << where;
    EXPECT_EQ(s.metadata_props[i].second, m.metadata_props(i).value()) << where;
  }
  ASSERT_EQ(s.functions.size(), static_cast<std::size_t>(m.functions_size())) << where;
  for (int i = 0; i < m.functions_size(); ++i) {
    EXPECT_EQ(s.functions[i].name, m.functions(i).name()) << where;
    EXPECT_EQ(s.functions[i].nodes, static_cast<uint64_t>(m.functions(i).node_size())) << where;
  }
  std::vector<ProtoGraph> graphs;
  WalkGraphs(m.graph(), "", "", &graphs);
  ASSERT_EQ(s.graphs.size(), graphs.size()) << where;
  for (std::size_t i = 0; i < graphs.size(); ++i) ExpectGraphMatches(s.graphs[i], graphs[i], where + " graph '" + graphs[i].path + "'");
}

}  // namespace ortkit::testing
