// The one include of ONNX Runtime's C++ API in this library, with the manual-init switch set.
#pragma once

// A custom-op library is not linked against onnxruntime: it uses the OrtApi that the loading
// runtime hands to RegisterCustomOps (Ort::InitApi there), so it runs inside whichever 1.x
// release loads it, never beside a second copy. ORT_API_MANUAL_INIT makes the C++ wrappers wait
// for that call instead of calling OrtGetApiBase() at static-initialisation time.
#define ORT_API_MANUAL_INIT
#include <onnxruntime_cxx_api.h>
#undef ORT_API_MANUAL_INIT
