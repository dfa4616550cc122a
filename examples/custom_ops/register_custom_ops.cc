// The library's one exported symbol: RegisterCustomOps, what ORT's RegisterCustomOpsLibrary_V2
// looks up after loading the library.
#include <string>
#include <type_traits>

#include "deform_conv_op.h"
#include "leaky_identity_op.h"
#include "ort_api.h"
#include "status_boundary.h"

namespace ortkit_example {
namespace {

// The op objects are what ORT keeps: each session's kernel registry holds pointers to them, and
// its kernels call back through their function pointers until the session is gone. They are
// trivially destructible statics, so nothing tears them down while the library is mapped, and ORT
// keeps the library mapped while a session or session options that registered it exist.
const DeformConvOp kMmcvDeformConv(DeformConvConvention::kMmcv);
const DeformConvOp kDcnV2(DeformConvConvention::kDcnV2);
const LeakyIdentityOp kLeakyIdentity;
static_assert(std::is_trivially_destructible_v<DeformConvOp>, "the ops must stay valid until the library unloads");
static_assert(std::is_trivially_destructible_v<LeakyIdentityOp>, "the ops must stay valid until the library unloads");

// The two domains, created once and added to every session options that registers the library.
// ORT's contract: a domain must outlive the sessions that use it. ORT unloads a library registered
// with RegisterCustomOpsLibrary_V2 only after the last session (or, without one, the session
// options) referencing it is released, so releasing the domains in this static's destructor, at
// unload, keeps that contract. The one exception is process exit with a session still alive in a
// static that was constructed before the first registration and so is destroyed after this one;
// that session no longer reads the domain (ORT copies the op pointers into the session's kernel
// registry when the session is created), only the trivially destructible ops above, which
// survive. Never releasing them instead would make every unload a leak that valgrind reports, and
// domains created per registration would need an owner ORT does not offer.
class Domains {
 public:
  Domains() : mmcv_("mmcv"), example_("com.ortkit.example") {
    mmcv_.Add(&kMmcvDeformConv);
    example_.Add(&kDcnV2);
    example_.Add(&kLeakyIdentity);
  }

  void AddTo(OrtSessionOptions* options) {
    Ort::UnownedSessionOptions session_options(options);
    session_options.Add(mmcv_);
    session_options.Add(example_);
  }

 private:
  Ort::CustomOpDomain mmcv_;
  Ort::CustomOpDomain example_;
};

Domains& TheDomains(const OrtApi* api) {
  // A function-local static: built once, thread-safely, on the first registration; InitApi runs
  // first because the domains are created through the C++ API. The OrtApi* behind the C++ API is
  // this library's own (hidden visibility keeps it from merging with the loading program's copy).
  static Domains* domains = [api] {
    Ort::InitApi(api);
    static Domains instance;
    return &instance;
  }();
  return *domains;
}

}  // namespace
}  // namespace ortkit_example

extern "C" __attribute__((visibility("default"))) OrtStatus* ORT_API_CALL
RegisterCustomOps(OrtSessionOptions* options, const OrtApiBase* api_base) {
  const OrtApi* api = api_base->GetApi(ORT_API_VERSION);
  if (api == nullptr) {
    // An ONNX Runtime older than these headers: report it through the first API version, which
    // every release serves.
    const std::string message = "libortkit_example_ops needs ONNX Runtime C API version " +
                                std::to_string(ORT_API_VERSION) + " or later (ONNX Runtime 1." +
                                std::to_string(ORT_API_VERSION) + ")";
    return api_base->GetApi(1)->CreateStatus(ORT_FAIL, message.c_str());
  }
  return ortkit_example::StatusFrom([&] { ortkit_example::TheDomains(api).AddTo(options); });
}
