// Tests of model file reads (external data kept inside the model's directory) and atomic writes.
#include "graph/model_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "graph/model_builder.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::graph {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// y = x + w, with w (float32[4]) stored in `location` relative to the model.
onnx::ModelProto ExternalWeightModel(const std::string& location, uint64_t offset = 0, uint64_t length = 16) {
  ModelBuilder b("external");
  b.Input("x", ElementType::kFloat32, {4});
  b.Output("y", ElementType::kFloat32, {4});
  b.Initializer("w", std::vector<float>{1, 2, 3, 4}, {4});
  b.Node("Add", {"x", "w"}, {"y"});
  onnx::ModelProto model = b.proto();
  onnx::TensorProto* w = model.mutable_graph()->mutable_initializer(0);
  w->clear_raw_data();
  w->set_data_location(onnx::TensorProto::EXTERNAL);
  auto add = [w](const std::string& k, const std::string& v) {
    auto* e = w->add_external_data();
    e->set_key(k);
    e->set_value(v);
  };
  add("location", location);
  add("offset", std::to_string(offset));
  add("length", std::to_string(length));
  return model;
}

void WriteWeights(const std::string& path) {
  const float w[4] = {1, 2, 3, 4};
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(w), sizeof w);
}

std::string ReadError(const std::string& path, const ReadOptions& options = {}) {
  try {
    ReadModel(path, options);
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return {};
}

TEST(ModelFileTest, ReadsAModel) {
  TempDir dir;
  testing::WriteFile(dir.File("add.onnx"), testing::AddModel());
  onnx::ModelProto model = ReadModel(dir.File("add.onnx"));
  EXPECT_EQ(model.graph().node_size(), 1);
  EXPECT_FALSE(HasExternalData(model));
}

TEST(ModelFileTest, RefusesMissingFilesDirectoriesAndNonModels) {
  TempDir dir;
  EXPECT_EQ(ReadError(dir.File("none.onnx")), "while reading '" + dir.File("none.onnx") + "': No such file or directory");
  EXPECT_EQ(ReadError(dir.path()), "while reading '" + dir.path() + "': it is a directory, not a model file");
  testing::WriteFile(dir.File("junk.onnx"), "\xff\xff\xff\xff garbage");
  EXPECT_EQ(ReadError(dir.File("junk.onnx")),
            "while reading '" + dir.File("junk.onnx") + "': not an ONNX model (protobuf parse failed)");
  // A TensorProto holding only dims parses as a ModelProto (field 1 is a varint in both).
  onnx::TensorProto not_a_model;
  not_a_model.add_dims(3);
  testing::WriteFile(dir.File("tensor.onnx"), not_a_model.SerializeAsString());
  EXPECT_EQ(ReadError(dir.File("tensor.onnx")),
            "while reading '" + dir.File("tensor.onnx") + "': a protobuf message but not an ONNX model (it has no graph)");
}

TEST(ModelFileTest, ChecksAndLoadsExternalDataInsideTheModelsDirectory) {
  TempDir dir;
  WriteWeights(dir.File("weights.bin"));
  SaveModel(ExternalWeightModel("weights.bin"), dir.File("m.onnx"));
  onnx::ModelProto checked = ReadModel(dir.File("m.onnx"));
  EXPECT_TRUE(HasExternalData(checked));
  onnx::ModelProto loaded = ReadModel(dir.File("m.onnx"), ReadOptions{true});
  EXPECT_FALSE(HasExternalData(loaded));
  EXPECT_EQ(loaded.graph().initializer(0).raw_data().size(), 16u);
}

TEST(ModelFileTest, RefusesAbsoluteExternalDataPaths) {
  TempDir dir;
  SaveModel(ExternalWeightModel("/etc/passwd"), dir.File("m.onnx"));
  EXPECT_EQ(ReadError(dir.File("m.onnx")),
            "while reading '" + dir.File("m.onnx") +
                "': tensor 'w': external data '/etc/passwd' is an absolute path; it must be relative to the model's directory");
}

TEST(ModelFileTest, RefusesExternalDataEscapingTheDirectory) {
  TempDir dir;
  SaveModel(ExternalWeightModel("../../etc/passwd"), dir.File("m.onnx"));
  EXPECT_EQ(ReadError(dir.File("m.onnx")), "while reading '" + dir.File("m.onnx") +
                                               "': tensor 'w': external data '../../etc/passwd' leaves the model's directory");
}

TEST(ModelFileTest, RefusesASymlinkOutOfTheDirectory) {
  TempDir outside, dir;
  WriteWeights(outside.File("secret.bin"));
  ASSERT_EQ(::symlink(outside.File("secret.bin").c_str(), dir.File("weights.bin").c_str()), 0);
  SaveModel(ExternalWeightModel("weights.bin"), dir.File("m.onnx"));
  EXPECT_EQ(ReadError(dir.File("m.onnx")),
            "while reading '" + dir.File("m.onnx") +
                "': tensor 'w': external data 'weights.bin' points outside the model's directory (through a link)");
}

TEST(ModelFileTest, RefusesExternalDataShorterThanDeclaredOrMissing) {
  TempDir dir;
  WriteWeights(dir.File("weights.bin"));
  SaveModel(ExternalWeightModel("weights.bin", 8, 16), dir.File("m.onnx"));
  EXPECT_EQ(ReadError(dir.File("m.onnx")),
            "while reading '" + dir.File("m.onnx") +
                "': tensor 'w': external data 'weights.bin' is shorter than declared: offset 8 + length 16 > file size 16");
  SaveModel(ExternalWeightModel("gone.bin"), dir.File("m2.onnx"));
  EXPECT_EQ(ReadError(dir.File("m2.onnx")),
            "while reading '" + dir.File("m2.onnx") + "': tensor 'w': external data 'gone.bin' does not exist");
}

TEST(ModelFileTest, WritesAtomicallyAndRefusesToOverwriteWithoutForce) {
  TempDir dir;
  const std::string path = dir.File("out.onnx");
  onnx::ModelProto model = ParseModel(testing::AddModel(), "add");
  WriteModelAtomically(model, path);
  EXPECT_EQ(Slurp(path), testing::AddModel());
  try {
    WriteModelAtomically(model, path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kIo);
    EXPECT_EQ(std::string(e.what()), "while writing '" + path + "': it exists; pass --force to overwrite it");
  }
  WriteOptions force;
  force.force = true;
  WriteModelAtomically(ParseModel(testing::ReluImageModel(), "relu"), path, force);
  EXPECT_EQ(Slurp(path), testing::ReluImageModel());
  // No temporary file is left behind.
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) files += entry.is_regular_file();
  EXPECT_EQ(files, 1);
}

TEST(ModelFileTest, LargeModelsKeepTheirWeightsInADataFileThatOrtLoads) {
  TempDir dir;
  onnx::ModelProto model = ParseModel(testing::ConvNetModel(), "conv");
  WriteOptions options;
  options.external_data_threshold = 1024;  // stands in for protobuf's 2 GiB
  const std::string path = dir.File("conv.onnx");
  WriteModelAtomically(model, path, options);
  EXPECT_TRUE(fs::exists(dir.File("conv.onnx.data")));
  onnx::ModelProto reread = ReadModel(path);
  EXPECT_TRUE(HasExternalData(reread));
  // ORT reads the data file and computes what the inline model computes.
  std::vector<float> input(3 * 64 * 64, 0.5f);
  NamedValues inputs{{"input", Tensor::Borrow(input.data(), input.size(), {1, 3, 64, 64})}};
  const std::string bytes = testing::ConvNetModel();
  const float want = Model::FromBytes(bytes.data(), bytes.size()).run(inputs)[0].value.tensor().data_as<float>()[3];
  EXPECT_FLOAT_EQ(Model::Load(path).run(inputs)[0].value.tensor().data_as<float>()[3], want);
}

TEST(ModelFileTest, RefusesToWriteAModelStillReferringToExternalData) {
  TempDir dir;
  try {
    WriteModelAtomically(ExternalWeightModel("w.bin"), dir.File("out.onnx"));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "while writing '" + dir.File("out.onnx") +
                                         "': the model still refers to external data; read it with load_external_data first");
  }
}

TEST(ModelFileTest, ReportsTheExternalDataFilesItRead) {
  TempDir dir;
  WriteWeights(dir.File("weights.bin"));
  SaveModel(ExternalWeightModel("weights.bin"), dir.File("m.onnx"));
  std::vector<std::string> files;
  ReadOptions options;
  options.external_files = &files;
  ReadModel(dir.File("m.onnx"), options);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_TRUE(fs::equivalent(files[0], dir.File("weights.bin")));
}

TEST(ModelFileTest, NeverTreatsTheInputOrItsExternalDataAsAnOutput) {
  TempDir dir;
  WriteWeights(dir.File("out.onnx.data"));  // the input's weights, named as an output's data file would be
  SaveModel(ExternalWeightModel("out.onnx.data"), dir.File("m.onnx"));
  std::vector<std::string> files;
  ReadOptions options;
  options.external_files = &files;
  ReadModel(dir.File("m.onnx"), options);
  const auto refusal = [&](const std::string& out) -> std::string {
    try {
      RefuseInputAsOutput(dir.File("m.onnx"), files, out);
    } catch (const Error& e) {
      EXPECT_EQ(e.category(), ErrorCategory::kIo);
      return e.what();
    }
    return "";
  };
  EXPECT_NE(refusal(dir.path() + "/./m.onnx").find("it is the input model"), std::string::npos);
  fs::create_symlink(dir.File("m.onnx"), dir.File("link.onnx"));
  EXPECT_NE(refusal(dir.File("link.onnx")).find("it is the input model"), std::string::npos);
  EXPECT_NE(refusal(dir.File("out.onnx")).find("holds the input model's external data"), std::string::npos);
  EXPECT_NE(refusal(dir.File("out.onnx.data")).find("holds the input model's external data"), std::string::npos);
  EXPECT_EQ(refusal(dir.File("other.onnx")), "");
}

TEST(ModelFileTest, NamesNestingDeeperThanProtobufCanParse) {
  // If inside If, 60 deep: 3 messages a level (node, attribute, graph) pass protobuf's limit of 100.
  onnx::GraphProto inner;
  inner.set_name("leaf");
  for (int level = 0; level < 60; ++level) {
    onnx::GraphProto outer;
    outer.set_name("level_" + std::to_string(level));
    onnx::NodeProto* node = outer.add_node();
    node->set_op_type("If");
    onnx::AttributeProto* branch = node->add_attribute();
    branch->set_name("then_branch");
    branch->set_type(onnx::AttributeProto::GRAPH);
    *branch->mutable_g() = std::move(inner);
    inner = std::move(outer);
  }
  onnx::ModelProto model;
  model.set_ir_version(8);
  *model.mutable_graph() = std::move(inner);
  TempDir dir;
  SaveModel(model, dir.File("deep.onnx"));
  EXPECT_NE(ReadError(dir.File("deep.onnx")).find("subgraphs nested deeper than protobuf can parse (malformed protobuf at byte"),
            std::string::npos);
  testing::WriteFile(dir.File("junk.onnx"), "not a model at all");
  EXPECT_NE(ReadError(dir.File("junk.onnx")).find("not an ONNX model (protobuf parse failed)"), std::string::npos);
}

TEST(ModelFileTest, ReplacingALargeModelKeepsTheOldDataUntilTheNewModelIsInPlace) {
  TempDir dir;
  WriteOptions options;
  options.external_data_threshold = 1024;  // stands in for protobuf's 2 GiB
  options.force = true;
  const std::string path = dir.File("conv.onnx");
  const onnx::ModelProto conv = ParseModel(testing::ConvNetModel(), "conv");
  WriteModelAtomically(conv, path, options);
  ASSERT_TRUE(fs::exists(dir.File("conv.onnx.data")));
  // The replacement's weights go to a fresh name: an interrupted write would leave the old model
  // with its data untouched. Once the new model is in place, the old data file is removed.
  onnx::ModelProto scaled = conv;
  for (auto& w : *scaled.mutable_graph()->mutable_initializer()) {
    std::string& raw = *w.mutable_raw_data();
    std::reverse(raw.begin(), raw.end());
  }
  WriteModelAtomically(scaled, path, options);
  EXPECT_FALSE(fs::exists(dir.File("conv.onnx.data")));
  EXPECT_TRUE(fs::exists(dir.File("conv.onnx.1.data")));
  ReadOptions load;
  load.load_external_data = true;
  const onnx::ModelProto reread = ReadModel(path, load);
  EXPECT_EQ(reread.graph().initializer(0).raw_data(), scaled.graph().initializer(0).raw_data());
  // And back: the free conventional name is used again, the numbered one removed.
  WriteModelAtomically(conv, path, options);
  EXPECT_TRUE(fs::exists(dir.File("conv.onnx.data")));
  EXPECT_FALSE(fs::exists(dir.File("conv.onnx.1.data")));
  EXPECT_EQ(ReadModel(path, load).graph().initializer(0).raw_data(), conv.graph().initializer(0).raw_data());
  // A data file the caller keeps (the input's, which the old output shared) is never removed.
  options.keep_files = {dir.File("conv.onnx.data")};
  WriteModelAtomically(scaled, path, options);
  EXPECT_TRUE(fs::exists(dir.File("conv.onnx.data")));
  EXPECT_TRUE(fs::exists(dir.File("conv.onnx.1.data")));
}

}  // namespace
}  // namespace ortkit::graph
