// The smallest useful ortkit program: load a model, run it on zeros, print what came out.
// Usage: minimal MODEL.onnx
#include <cstdio>

#include <ortkit/ortkit.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s MODEL.onnx\n", argv[0]);
    return 2;
  }
  try {
    ortkit::Model model = ortkit::Model::Load(argv[1]);
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
