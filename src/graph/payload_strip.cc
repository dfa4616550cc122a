// Rewrites a ModelProto on the wire, descending only into the messages that can hold tensors and
// re-encoding the lengths of those it changes; records the facts of the payloads it removes.
#include "graph/payload_strip.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cinttypes>
#include <climits>
#include <cstdio>
#include <cstring>
#include <new>
#include <utility>

#include "graph/mapped_file.h"
#include "graph/wire_reader.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

enum class Kind { kOther, kModel, kGraph, kNode, kAttribute, kTensor, kSparseTensor, kFunction, kTrainingInfo };

const char* MessageName(Kind kind) {
  switch (kind) {
    case Kind::kModel: return "ModelProto";
    case Kind::kGraph: return "GraphProto";
    case Kind::kNode: return "NodeProto";
    case Kind::kAttribute: return "AttributeProto";
    case Kind::kTensor: return "TensorProto";
    case Kind::kSparseTensor: return "SparseTensorProto";
    case Kind::kFunction: return "FunctionProto";
    case Kind::kTrainingInfo: return "TrainingInfoProto";
    case Kind::kOther: break;
  }
  return "?";
}

// The message kind of field `number` of a `parent` message, for the fields that lead to tensors
// (field numbers from onnx.proto); kOther for everything copied as is.
Kind ChildKind(Kind parent, uint32_t number) {
  switch (parent) {
    case Kind::kModel:
      if (number == 7) return Kind::kGraph;          // graph
      if (number == 20) return Kind::kTrainingInfo;  // training_info
      if (number == 25) return Kind::kFunction;      // functions
      break;
    case Kind::kGraph:
      if (number == 1) return Kind::kNode;           // node
      if (number == 5) return Kind::kTensor;         // initializer
      if (number == 15) return Kind::kSparseTensor;  // sparse_initializer
      break;
    case Kind::kNode:
      if (number == 5) return Kind::kAttribute;
      break;
    case Kind::kAttribute:
      if (number == 5 || number == 10) return Kind::kTensor;         // t, tensors
      if (number == 6 || number == 11) return Kind::kGraph;          // g, graphs
      if (number == 22 || number == 23) return Kind::kSparseTensor;  // sparse_tensor(s)
      break;
    case Kind::kSparseTensor:
      if (number == 1 || number == 2) return Kind::kTensor;  // values, indices
      break;
    case Kind::kFunction:
      if (number == 7) return Kind::kNode;
      break;
    case Kind::kTrainingInfo:
      if (number == 1 || number == 2) return Kind::kGraph;  // initialization, algorithm
      break;
    case Kind::kTensor:
    case Kind::kOther:
      break;
  }
  return Kind::kOther;
}

// TensorProto's data fields: float_data 4, int32_data 5, string_data 6, int64_data 7, raw_data 9,
// double_data 10, uint64_data 11.
bool IsPayload(uint32_t number) { return (number >= 4 && number <= 7) || (number >= 9 && number <= 11); }

void AppendVarint(std::string* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

// TensorProto.data_location (14) and external_data (13): what a stripped tensor is marked with.
constexpr uint32_t kDataLocation = 14;
constexpr uint32_t kExternalData = 13;

void AppendLengthDelimited(std::string* out, uint32_t number, std::string_view payload) {
  AppendVarint(out, (uint64_t{number} << 3) | static_cast<uint64_t>(WireType::kLengthDelimited));
  AppendVarint(out, payload.size());
  out->append(payload);
}

// TensorProto.raw_data (9).
constexpr uint32_t kRawData = 9;

// Payloads are hashed in pieces of this size, each given back to the page cache once hashed.
constexpr std::size_t kHashPiece = std::size_t{8} << 20;

// Gives the pages of a read-only file mapping back once they have been read. MADV_DONTNEED on a
// private mapping that was never written only drops the page-table entries: a later read faults
// the same bytes in again from the page cache, so the views into them stay valid.
class PageReleaser {
 public:
  PageReleaser(const MappedFile* mapped, std::string_view model, std::string_view label) {
    if (mapped == nullptr || mapped->size() == 0) return;
    begin_ = reinterpret_cast<uintptr_t>(mapped->bytes().data());
    end_ = begin_ + mapped->size();
    const auto from = reinterpret_cast<uintptr_t>(model.data());
    if (from < begin_ || from + model.size() > end_) {
      throw Error(ErrorCategory::kLoad, "while reading '" + std::string(label) +
                                            "': the bytes to strip are not a view of the mapping given with them");
    }
    page_ = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  }

  void Release(std::string_view bytes) const {
    if (begin_ == 0 || bytes.empty()) return;
    const auto at = reinterpret_cast<uintptr_t>(bytes.data());
    // Whole pages, widened to page boundaries but kept inside the mapping (mmap's start is one).
    const uintptr_t from = std::max(begin_, at & ~(page_ - 1));
    const uintptr_t to = std::min((end_ + page_ - 1) & ~(page_ - 1), (at + bytes.size() + page_ - 1) & ~(page_ - 1));
    // A failure costs only memory, never correctness: nothing to report.
    if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
  }

 private:
  uintptr_t begin_ = 0;  // 0: nothing is released
  uintptr_t end_ = 0;
  uintptr_t page_ = 4096;
};

struct Stripper {
  const StripOptions& options;
  const PageReleaser& pages;
  std::string_view label;
};

PayloadFacts FactsOfBytes(std::string_view bytes, const PageReleaser& pages) {
  Xxh64 hash;
  for (std::size_t at = 0; at < bytes.size(); at += kHashPiece) {
    const std::string_view piece = bytes.substr(at, kHashPiece);
    hash.Update(piece);
    pages.Release(piece);
  }
  return {bytes.size(), hash.Digest()};
}

// A tensor without raw_data is identified by its serialization less name and doc_string, as
// protobuf writes it (fields in order, repeated numbers packed): two files that spell the same
// values differently on the wire get the same facts, exactly as when their parsed copies are compared.
PayloadFacts FactsOfTyped(onnx::TensorProto tensor) {
  tensor.clear_name();
  tensor.clear_doc_string();
  const std::string bytes = tensor.SerializeAsString();
  return FactsOfBytes(bytes, PageReleaser(nullptr, {}, {}));
}

std::string FormatFacts(const PayloadFacts& facts) {
  char text[64];
  std::snprintf(text, sizeof text, "bytes=%" PRIu64 " xxh64=%016" PRIx64, facts.bytes, facts.xxh64);
  return text;
}

std::optional<PayloadFacts> ParseFacts(std::string_view text) {
  constexpr std::string_view kBytes = "bytes=", kHash = " xxh64=";
  if (text.substr(0, kBytes.size()) != kBytes) return std::nullopt;
  PayloadFacts facts;
  const char* end = text.data() + text.size();
  auto [at, error] = std::from_chars(text.data() + kBytes.size(), end, facts.bytes);
  if (error != std::errc() || std::string_view(at, static_cast<std::size_t>(end - at)).substr(0, kHash.size()) != kHash) {
    return std::nullopt;
  }
  const char* hex = at + kHash.size();
  auto [hash_end, hash_error] = std::from_chars(hex, end, facts.xxh64, 16);
  if (hash_error != std::errc() || hash_end != end || end - hex != 16) return std::nullopt;
  return facts;
}

[[noreturn]] void TensorError(const Stripper& s, const std::string& what) {
  throw Error(ErrorCategory::kLoad, "while reading '" + std::string(s.label) + "': " + what);
}

// The kPayloadFactsKey value of the tensor encoded as `message`, whose fields other than the data
// fields are `kept` and whose raw_data (the last one, as protobuf keeps) is `raw` when it has one.
std::string RecordFacts(std::string_view message, std::string_view kept, const std::string_view* raw,
                        const Stripper& s) {
  onnx::TensorProto head;
  if (!head.ParseFromArray(kept.data(), static_cast<int>(kept.size()))) TensorError(s, "a tensor does not parse");
  if (head.data_location() == onnx::TensorProto::EXTERNAL) return "external";
  if (raw != nullptr) return FormatFacts(FactsOfBytes(*raw, s.pages));
  // Typed fields: parsed, one tensor at a time (exporters write large weights as raw_data).
  if (message.size() > static_cast<std::size_t>(INT_MAX)) TensorError(s, "tensor '" + head.name() + "' is over 2 GiB");
  onnx::TensorProto whole;
  if (!whole.ParseFromArray(message.data(), static_cast<int>(message.size()))) {
    TensorError(s, "tensor '" + head.name() + "' does not parse");
  }
  s.pages.Release(message);
  return FormatFacts(FactsOfTyped(std::move(whole)));
}

std::string RewriteTensor(WireReader reader, std::string_view message, const Stripper& s) {
  uint64_t payload = 0;
  WireReader sizes = reader;
  WireField f;
  while (sizes.Next(&f)) {
    if (IsPayload(f.number)) payload += f.raw.size();
  }
  std::string out;
  if (payload <= s.options.keep_bytes) {
    while (reader.Next(&f)) out.append(f.raw);
    return out;
  }
  std::string kept;  // every field but the data fields, data_location included: the facts' metadata
  std::string_view raw;
  bool has_raw = false;
  while (reader.Next(&f)) {
    if (f.is(kRawData, WireType::kLengthDelimited)) {
      raw = f.bytes;
      has_raw = true;
    }
    if (IsPayload(f.number)) continue;
    if (s.options.record_facts) kept.append(f.raw);
    if (f.number != kDataLocation) out.append(f.raw);
  }
  // Marked as external data, so that nothing reads the tensor as holding no values (ONNX's
  // Reshape inference would take a data-less shape tensor for an empty shape).
  std::string entry;
  AppendLengthDelimited(&entry, 1, "location");
  AppendLengthDelimited(&entry, 2, kStrippedLocation);
  AppendLengthDelimited(&out, kExternalData, entry);
  if (s.options.record_facts) {
    std::string facts;
    AppendLengthDelimited(&facts, 1, kPayloadFactsKey);
    AppendLengthDelimited(&facts, 2, RecordFacts(message, kept, has_raw ? &raw : nullptr, s));
    AppendLengthDelimited(&out, kExternalData, facts);
  }
  AppendVarint(&out, uint64_t{kDataLocation} << 3);
  AppendVarint(&out, 1);  // TensorProto.EXTERNAL
  return out;
}

std::string Rewrite(WireReader reader, Kind kind, std::string_view message, const Stripper& s) {
  if (kind == Kind::kTensor) return RewriteTensor(std::move(reader), message, s);
  std::string out;
  WireField f;
  while (reader.Next(&f)) {
    const Kind child = f.type == WireType::kLengthDelimited ? ChildKind(kind, f.number) : Kind::kOther;
    if (child == Kind::kOther) {
      out.append(f.raw);
      continue;
    }
    AppendLengthDelimited(&out, f.number, Rewrite(reader.Open(f, MessageName(child)), child, f.bytes, s));
  }
  return out;
}

}  // namespace

std::string StripTensorPayloads(std::string_view model, std::string_view label, const StripOptions& options) {
  const PageReleaser pages(options.record_facts ? options.mapped : nullptr, model, label);
  const Stripper stripper{options, pages, label};
  return Rewrite(WireReader(model, label, "ModelProto"), Kind::kModel, model, stripper);
}

std::string StripTensorPayloads(std::string_view model, std::string_view label, uint64_t keep_bytes) {
  StripOptions options;
  options.keep_bytes = keep_bytes;
  return StripTensorPayloads(model, label, options);
}

bool IsStripped(const onnx::TensorProto& tensor) {
  if (tensor.data_location() != onnx::TensorProto::EXTERNAL) return false;
  return std::any_of(tensor.external_data().begin(), tensor.external_data().end(), [](const auto& entry) {
    return entry.key() == "location" && entry.value() == kStrippedLocation;
  });
}

std::optional<PayloadFacts> PayloadFactsOf(const onnx::TensorProto& tensor) {
  if (IsStripped(tensor)) {
    const std::string* text = nullptr;
    for (const auto& entry : tensor.external_data()) {
      if (entry.key() == kPayloadFactsKey) text = &entry.value();
    }
    if (text == nullptr) {
      throw Error(ErrorCategory::kLoad, "tensor '" + tensor.name() +
                                            "' was stripped of its payload without its facts (StripOptions::record_facts)");
    }
    if (*text == "external") return std::nullopt;
    if (std::optional<PayloadFacts> facts = ParseFacts(*text)) return facts;
    throw Error(ErrorCategory::kLoad, "tensor '" + tensor.name() + "': payload facts '" + *text + "' do not parse");
  }
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) return std::nullopt;
  if (tensor.has_raw_data()) return FactsOfBytes(tensor.raw_data(), PageReleaser(nullptr, {}, {}));
  return FactsOfTyped(tensor);
}

Xxh64::Xxh64(uint64_t seed) : state_(XXH64_createState()) {
  if (!state_ || XXH64_reset(state_.get(), seed) != XXH_OK) throw std::bad_alloc();
}

void Xxh64::Update(std::string_view bytes) {
  if (!bytes.empty()) XXH64_update(state_.get(), bytes.data(), bytes.size());
}

uint64_t Xxh64::Digest() const { return XXH64_digest(state_.get()); }

}  // namespace ortkit::graph
