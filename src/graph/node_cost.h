// Static cost of every node of a model's main graph: FLOPs, parameter and activation bytes, and
// arithmetic intensity, from the shapes ONNX inference finds at given free-dimension sizes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace onnx {
class ModelProto;
}

namespace ortkit::graph {

/// How FLOPs are counted, in one line (for reports). The details, per op family:
///  - Conv: output elements x (C/group) x kernel elements; ConvTranspose: input elements x
///    (M/group) x kernel elements; MatMul, FusedMatMul: output elements x K; Gemm: M x N x K.
///    A bias adds 1 per output element. Gemm's alpha and beta scaling are not counted.
///  - Elementwise ops (unary, binary, variadic, Where, Clip, activations such as Gelu or Erf):
///    1 per output element, however many instructions the function takes.
///  - MaxPool, AveragePool, LpPool: output elements x kernel elements; the Global pools and
///    reductions (ReduceMean, ReduceSum, ..., ArgMax): 1 per input element.
///  - BatchNormalization: 2 per element (normalise, scale-and-shift); LayerNormalization,
///    InstanceNormalization, GroupNormalization: 4 per element (mean, variance, normalise,
///    scale-and-shift); Softmax, LogSoftmax: 3 per element (exponent, sum, normalise).
///  - Data movement (Reshape, Transpose, Gather, Concat, Slice, Cast, ...) and Constant: 0.
///  - Attention is counted through the MatMuls and Softmax it is exported as; no pattern is
///    matched. Anything else has no count (NodeCost::unknown_reason says why).
inline constexpr const char* kFlopConvention =
    "one multiply-add = 1 FLOP (MACs); elementwise ops, pooling and reductions 1 per element; "
    "BatchNormalization 2, Layer/Instance/GroupNormalization 4, Softmax 3 per element";

/// The cost of one node. A field is nullopt when it cannot be stated from the inferred shapes;
/// `unknown_reason` then says why (never a guess).
struct NodeCost {
  std::size_t index = 0;  ///< position in the main graph
  std::string name;
  std::string op_type;
  std::string domain;  ///< as written: "" is the default ONNX domain
  std::optional<uint64_t> flops;
  /// Bytes of initializers (and Constant outputs) the node reads: a weight read by two nodes
  /// counts for each. Gather and Slice read only the part of their data they copy out.
  std::optional<uint64_t> param_bytes;
  std::optional<uint64_t> activation_bytes_read;     ///< the other inputs (element size x elements)
  std::optional<uint64_t> activation_bytes_written;  ///< every output
  /// Why a field is unknown: the first reason met, FLOPs first ("no cost model for op
  /// 'NonMaxSuppression'", "free dimension 'batch' has no size (give --dim batch=N)"); "" when
  /// every field is known.
  std::string unknown_reason;
  std::string note;  ///< a caveat on a known count ("may be a view: ORT can reuse the input buffer")

  /// param + activation bytes, when all three are known.
  std::optional<uint64_t> bytes() const;
  /// FLOPs per byte, when FLOPs and bytes are known and bytes > 0.
  std::optional<double> intensity() const;
};

/// Sums over a set of nodes (one op type, or the whole graph). Each sum adds the nodes where that
/// field is known; the *_unknown counts say how many nodes were left out.
struct CostTotals {
  std::string domain;   ///< for a per-op-type row; "" for the model's total
  std::string op_type;  ///< for a per-op-type row; "" for the model's total
  uint64_t nodes = 0;
  uint64_t flops_unknown = 0;  ///< nodes whose FLOPs are unknown
  uint64_t bytes_unknown = 0;  ///< nodes with a byte count unknown
  uint64_t flops = 0;
  uint64_t param_bytes = 0;
  uint64_t activation_bytes_read = 0;
  uint64_t activation_bytes_written = 0;

  uint64_t bytes() const { return param_bytes + activation_bytes_read + activation_bytes_written; }
  /// flops / bytes when no node is left out of either sum and bytes > 0.
  std::optional<double> intensity() const;
};

/// The cost of a model's main graph at given free-dimension sizes.
struct ModelCost {
  std::string flop_convention = kFlopConvention;
  std::map<std::string, int64_t> dim_sizes;  ///< as given (DimSizes keys: a symbol or "INPUT:AXIS")
  /// Free dimensions of the main graph's inputs with no size given (symbol or "INPUT:AXIS"), in
  /// input order: nodes whose shapes depend on them have unknown costs.
  std::vector<std::string> unsized_dims;
  std::vector<NodeCost> nodes;  ///< in graph order
  /// One row per (domain, op_type), most FLOPs first (then most bytes, then by name).
  std::vector<CostTotals> by_op_type;
  CostTotals total;
};

/// Free-dimension sizes by key: a dimension's symbol ("batch"), or "INPUT:AXIS" for an unnamed
/// one (the keys of the --dim grammar, workload/dim_flag.h).
using FreeDimSizes = std::map<std::string, int64_t>;

/// The cost of every node of `inferred`'s main graph, whose value_info holds ONNX shape inference's
/// results (run at `sizes`; see ApplyDimSizes). Initializers may be payload-stripped: only their
/// dims and data types are read. A symbolic dim left in a shape is resolved through `sizes`, else
/// its node's cost is unknown. Nodes of subgraphs are not costed: the If, Loop or Scan holding
/// them has an unknown cost. Never throws for the model's content.
ModelCost ComputeModelCost(const onnx::ModelProto& inferred, const FreeDimSizes& sizes);

}  // namespace ortkit::graph
