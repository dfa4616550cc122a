// Uses the installed ortkit: prints the versions and runs a model given on the command line.
#include <cstdio>

#include <ortkit/ortkit.h>

int main(int argc, char** argv) {
  std::printf("ortkit %s on ONNX Runtime %s\n", ortkit::Version(), ortkit::OrtLibraryVersion().c_str());
  if (argc < 2) return 0;
  try {
    ortkit::Model model = ortkit::Model::Load(argv[1]);
    std::printf("%s has %zu inputs\n", argv[1], model.inputs().size());
  } catch (const ortkit::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  return 0;
}
