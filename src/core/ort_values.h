// Conversion between ortkit::Value and Ort::Value, without copying tensor buffers.
#pragma once

#include <onnxruntime_cxx_api.h>

#include "ortkit/value.h"

namespace ortkit::core {

/// An Ort::Value for `value`. Numeric tensors borrow the Tensor's buffer (no copy): `value`
/// must outlive the returned Ort::Value. Strings, sequences and maps are built by ORT's
/// allocator. Value::None() gives an empty Ort::Value (the caller omits that input).
Ort::Value ToOrtValue(const Value& value);

/// Takes ownership of `value`: tensors keep the Ort::Value alive and point into its buffer.
Value FromOrtValue(Ort::Value value);

}  // namespace ortkit::core
