// An application using ortkit::Model: the trace must find nothing to report.
//   ortkit_model_app MODEL
#include <cstdio>

#include "ortkit/model.h"
#include "ortkit/tensor.h"
#include "ortkit/value.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const ortkit::Model model = ortkit::Model::Load(argv[1]);
  for (int i = 0; i < 3; ++i) {
    ortkit::NamedValues inputs;
    inputs.push_back({"x", ortkit::Tensor::FromVector<float>({1.0f, 2.0f}, {2})});
    const ortkit::NamedValues outputs = model.run(inputs);
    if (outputs.size() != 1) return 1;
  }
  printf("ortkit_model_app done\n");
  return 0;
}
