// Deploying with a profile: load the session settings `ortkit tune` wrote (a SessionConfig as
// JSON), load the model with them, run once and print what came out.
// Usage: deploy_with_profile MODEL.onnx PROFILE.json
//   ortkit tune model.onnx --objective p50 -o deployment.json     (once, on the target machine)
//   deploy_with_profile model.onnx deployment.json
// If tune wrote deployment.optimized.onnx (or .ort) next to the profile, pass that file as MODEL:
// the profile then disables graph optimisation because the file is already optimised.
#include <cstdio>

#include <ortkit/ortkit.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s MODEL.onnx PROFILE.json\n", argv[0]);
    return 2;
  }
  try {
    const ortkit::SessionConfig profile = ortkit::SessionConfig::FromFile(argv[2]);  // validated on read
    ortkit::Model model = ortkit::Model::Load(argv[1], profile);

    std::printf("profile: %d intra-op threads (0: ORT decides), optimisation %s, providers:", profile.intra_op_threads,
                ortkit::ToString(profile.optimization_level));
    for (const std::string& provider : model.providers()) std::printf(" %s", provider.c_str());
    std::printf("\n");

    ortkit::NamedValues inputs;
    for (const ortkit::ValueSpec& spec : model.inputs()) {
      ortkit::Shape shape;
      for (const ortkit::Dim& d : spec.shape) shape.push_back(d.is_fixed() ? d.value : 1);  // free dims: 1
      inputs.push_back({spec.name, ortkit::Tensor::Zeros(spec.element_type, shape)});
    }
    for (const ortkit::NamedValue& out : model.run(inputs)) {
      std::printf("%s: %s\n", out.name.c_str(), out.value.Describe().c_str());
    }
  } catch (const ortkit::Error& e) {
    std::fprintf(stderr, "error (%s): %s\n", ortkit::ToString(e.category()), e.what());
    return 2;
  }
  return 0;
}
