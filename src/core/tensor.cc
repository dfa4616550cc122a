// ortkit::Tensor: owned, borrowed or adopted buffers.
#include "ortkit/tensor.h"

#include <cstring>

#include "ortkit/error.h"

namespace ortkit {

Tensor::Tensor() = default;

Tensor Tensor::Borrow(ElementType type, const void* data, std::size_t byte_size, Shape shape) {
  if (type == ElementType::kString) {
    throw Error(ErrorCategory::kInput, "Tensor::Borrow: string tensors can't be borrowed; use FromStrings");
  }
  Tensor t;
  t.type_ = type;
  t.shape_ = std::move(shape);
  // Borrowed buffers are read-only to ortkit; the const_cast only lets one pointer member serve
  // both cases, and mutable_data() refuses borrowed buffers.
  t.data_ = const_cast<void*>(data);
  t.byte_size_ = byte_size;
  t.borrowed_ = true;
  return t;
}

Tensor Tensor::Adopt(ElementType type, void* data, std::size_t byte_size, Shape shape,
                     std::shared_ptr<const void> owner) {
  Tensor t;
  t.type_ = type;
  t.shape_ = std::move(shape);
  t.data_ = data;
  t.byte_size_ = byte_size;
  t.owner_ = std::move(owner);
  return t;
}

Tensor Tensor::Zeros(ElementType type, Shape shape) {
  const auto count = ElementCount(shape);
  if (!count) {
    throw Error(ErrorCategory::kInput,
                "Tensor::Zeros: shape " + ShapeToString(shape) + " is negative or overflows");
  }
  if (type == ElementType::kString) {
    return FromStrings(std::vector<std::string>(static_cast<std::size_t>(*count)), std::move(shape));
  }
  const std::size_t size = ElementSize(type);
  if (size == 0) {
    throw Error(ErrorCategory::kInput, "Tensor::Zeros: element type " +
                                           std::string(ElementTypeName(type)) + " has no size");
  }
  if (static_cast<uint64_t>(*count) > SIZE_MAX / size) {
    throw Error(ErrorCategory::kInput,
                "Tensor::Zeros: shape " + ShapeToString(shape) + " is too large to allocate");
  }
  // uint64_t storage keeps any element type suitably aligned.
  const std::size_t bytes = static_cast<std::size_t>(*count) * size;
  auto storage = std::make_shared<std::vector<uint64_t>>((bytes + 7) / 8, 0);
  void* data = storage->data();  // taken before `storage` is moved into the call
  return Adopt(type, data, bytes, std::move(shape), std::move(storage));
}

Tensor Tensor::FromBools(const std::vector<bool>& values, Shape shape) {
  auto storage = std::make_shared<std::vector<uint8_t>>(values.begin(), values.end());
  void* data = storage->data();
  const std::size_t bytes = storage->size();  // both taken before `storage` is moved
  return Adopt(ElementType::kBool, data, bytes, std::move(shape), std::move(storage));
}

Tensor Tensor::FromStrings(std::vector<std::string> values, Shape shape) {
  Tensor t;
  t.type_ = ElementType::kString;
  t.shape_ = std::move(shape);
  t.strings_ = std::make_shared<const std::vector<std::string>>(std::move(values));
  return t;
}

std::size_t Tensor::buffer_elements() const noexcept {
  if (type_ == ElementType::kString) return strings_ ? strings_->size() : 0;
  const std::size_t size = ElementSize(type_);
  return size ? byte_size_ / size : 0;
}

void* Tensor::mutable_data() {
  if (borrowed_) {
    throw Error(ErrorCategory::kInput,
                "tensor " + Describe() + " borrows a read-only buffer; Clone() it to write");
  }
  return data_;
}

const std::vector<std::string>& Tensor::strings() const {
  CheckType(ElementType::kString);
  static const std::vector<std::string> kEmpty;
  return strings_ ? *strings_ : kEmpty;
}

void Tensor::CheckType(ElementType wanted) const {
  if (type_ != wanted) {
    throw Error(ErrorCategory::kInput, "tensor " + Describe() + " accessed as " +
                                           std::string(ElementTypeName(wanted)));
  }
}

Tensor Tensor::Clone() const {
  if (type_ == ElementType::kString) return FromStrings(strings(), shape_);
  auto storage = std::make_shared<std::vector<uint64_t>>((byte_size_ + 7) / 8, 0);
  void* data = storage->data();  // taken before `storage` is moved into the call
  if (byte_size_) std::memcpy(data, data_, byte_size_);
  return Adopt(type_, data, byte_size_, shape_, std::move(storage));
}

std::string Tensor::Describe() const {
  return std::string(ElementTypeName(type_)) + ShapeToString(shape_);
}

}  // namespace ortkit
