// ortkit_make_demo_model: writes the demo model (see demo_model.h) to the path given, at build time.
#include <exception>
#include <filesystem>
#include <iostream>

#include "graph/demo_model.h"
#include "graph/model_builder.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: ortkit_make_demo_model OUTPUT.onnx\n";
    return 2;
  }
  try {
    const std::filesystem::path out_path(argv[1]);
    if (out_path.has_parent_path()) std::filesystem::create_directories(out_path.parent_path());
    ortkit::graph::SaveModel(ortkit::graph::MakeDemoModel(), out_path.string());
  } catch (const std::exception& e) {
    std::cerr << "ortkit_make_demo_model: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
