// Writes a test model for trying `ortkit trace` by hand:  make_model meta|convnet PATH
#include <cstdio>
#include <cstring>

#include "testing/test_models.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: make_model meta|convnet PATH\n");
    return 2;
  }
  ortkit::testing::WriteFile(argv[2], strcmp(argv[1], "convnet") == 0 ? ortkit::testing::ConvNetModel()
                                                                       : ortkit::testing::MetadataModel());
  return 0;
}
