// A tensor handed to or returned by a model: element type, shape and a buffer that is either
// owned (shared by copies of the Tensor) or borrowed from the caller.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "ortkit/element_type.h"
#include "ortkit/shape.h"

namespace ortkit {

/// Maps a C++ element type to its ElementType (float -> kFloat32, bool -> kBool, ...).
template <typename T>
constexpr ElementType ElementTypeOf();

/// A tensor value. Copies are cheap and share the buffer (like a handle); use Clone() for a deep
/// copy. The shape and the buffer size are kept separately and deliberately *not* checked against
/// each other here: Model::run checks them and names the input when they disagree.
class Tensor {
 public:
  /// An empty float32 tensor of shape [0].
  Tensor();

  /// Owns `values`; the shape must be given (use {n} for a vector).
  template <typename T>
  static Tensor FromVector(std::vector<T> values, Shape shape);

  /// Borrows `count` elements at `data`: the caller keeps them alive and unchanged for as long as
  /// the Tensor (or any copy of it) is used. No copy is made.
  template <typename T>
  static Tensor Borrow(const T* data, std::size_t count, Shape shape) {
    return Borrow(ElementTypeOf<T>(), data, count * sizeof(T), std::move(shape));
  }

  /// Borrows `byte_size` bytes of elements of `type` at `data` (not for kString).
  static Tensor Borrow(ElementType type, const void* data, std::size_t byte_size, Shape shape);

  /// A zero-filled owned tensor (empty strings for kString). Throws Error(kInput) if the shape is
  /// negative or its byte size overflows.
  static Tensor Zeros(ElementType type, Shape shape);

  /// Owns a kBool tensor (std::vector<bool> is packed, so it is copied into one byte per element).
  static Tensor FromBools(const std::vector<bool>& values, Shape shape);

  /// Owns the strings of a kString tensor.
  static Tensor FromStrings(std::vector<std::string> values, Shape shape);

  /// Wraps a buffer owned by `owner` (kept alive by every copy of this Tensor). Used to return
  /// ONNX Runtime's outputs without copying them.
  static Tensor Adopt(ElementType type, void* data, std::size_t byte_size, Shape shape,
                      std::shared_ptr<const void> owner);

  ElementType type() const noexcept { return type_; }
  const Shape& shape() const noexcept { return shape_; }
  /// Number of elements the *buffer* holds (strings: how many strings).
  std::size_t buffer_elements() const noexcept;
  /// Size of the buffer in bytes (0 for kString).
  std::size_t byte_size() const noexcept { return byte_size_; }
  /// Product of shape(); nullopt when the shape is negative or overflows.
  std::optional<int64_t> shape_elements() const noexcept { return ElementCount(shape_); }

  const void* data() const noexcept { return data_; }
  /// Writable access; throws Error(kInput) for a borrowed (read-only) buffer.
  void* mutable_data();

  /// Typed view; throws Error(kInput) naming both types when T does not match type().
  template <typename T>
  const T* data_as() const {
    CheckType(ElementTypeOf<T>());
    return static_cast<const T*>(data_);
  }
  template <typename T>
  T* mutable_data_as() {
    CheckType(ElementTypeOf<T>());
    return static_cast<T*>(mutable_data());
  }

  /// The strings of a kString tensor; throws Error(kInput) for other types.
  const std::vector<std::string>& strings() const;

  bool is_borrowed() const noexcept { return borrowed_; }

  /// A deep copy that owns its buffer.
  Tensor Clone() const;

  /// "float32[1,3,224,224]".
  std::string Describe() const;

 private:
  void CheckType(ElementType wanted) const;

  ElementType type_ = ElementType::kFloat32;
  Shape shape_{0};
  std::shared_ptr<const void> owner_;
  void* data_ = nullptr;
  std::size_t byte_size_ = 0;
  bool borrowed_ = false;
  std::shared_ptr<const std::vector<std::string>> strings_;
};

// ---- implementation details of the templates above ----

namespace detail {
template <typename T>
struct ElementTypeTraits;
#define ORTKIT_ELEMENT_TYPE(CPP, ENUM)                                  \
  template <>                                                           \
  struct ElementTypeTraits<CPP> {                                       \
    static constexpr ElementType value = ElementType::ENUM;             \
  };
ORTKIT_ELEMENT_TYPE(float, kFloat32)
ORTKIT_ELEMENT_TYPE(double, kFloat64)
ORTKIT_ELEMENT_TYPE(int8_t, kInt8)
ORTKIT_ELEMENT_TYPE(uint8_t, kUInt8)
ORTKIT_ELEMENT_TYPE(int16_t, kInt16)
ORTKIT_ELEMENT_TYPE(uint16_t, kUInt16)
ORTKIT_ELEMENT_TYPE(int32_t, kInt32)
ORTKIT_ELEMENT_TYPE(uint32_t, kUInt32)
ORTKIT_ELEMENT_TYPE(int64_t, kInt64)
ORTKIT_ELEMENT_TYPE(uint64_t, kUInt64)
ORTKIT_ELEMENT_TYPE(bool, kBool)
#undef ORTKIT_ELEMENT_TYPE
}  // namespace detail

template <typename T>
constexpr ElementType ElementTypeOf() {
  return detail::ElementTypeTraits<std::remove_cv_t<T>>::value;
}

template <typename T>
Tensor Tensor::FromVector(std::vector<T> values, Shape shape) {
  static_assert(!std::is_same_v<T, bool>,
                "std::vector<bool> is packed: use Tensor::FromBools");
  auto owned = std::make_shared<std::vector<T>>(std::move(values));
  void* data = owned->data();
  const std::size_t bytes = owned->size() * sizeof(T);
  return Adopt(ElementTypeOf<T>(), data, bytes, std::move(shape), std::move(owned));
}

}  // namespace ortkit
