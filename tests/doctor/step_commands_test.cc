// Tests of the step command lines doctor builds from the request and the settled workload.
#include "doctor/step_commands.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"

namespace ortkit::doctor {
namespace {

TEST(StepCommandsTest, BenchPhasesCountEveryCombinationAndTheMix) {
  using workload::ParseDimFlag;
  EXPECT_EQ(BenchPhases({}), 1u);
  EXPECT_EQ(BenchPhases({ParseDimFlag("batch=1")}), 1u);
  EXPECT_EQ(BenchPhases({ParseDimFlag("batch=1,4")}), 3u);
  EXPECT_EQ(BenchPhases({ParseDimFlag("batch=1,4"), ParseDimFlag("seq=8,16,32")}), 7u);
  EXPECT_EQ(BenchPhases({ParseDimFlag("seq=8..64:8")}), 9u);
}

TEST(StepCommandsTest, EachStepGetsTheFlagsItTakes) {
  DoctorRequest r;
  r.model_path = "m.onnx";
  r.provider = "webgpu";
  r.targets = {"nnapi", "coreml"};
  r.dims = {"batch=1,4"};
  const StepWorkload w{{workload::ParseDimFlag("batch=1,4")}, {"lengths=@T"}};
  EXPECT_EQ(ShellLine(CheckArgs(r)), "check m.onnx --provider webgpu --target nnapi --target coreml --format json");
  EXPECT_EQ(ShellLine(WorkloadArgs(r, w)), "run m.onnx --provider webgpu --dim batch=1 --value lengths=@T --format json");
  EXPECT_EQ(ShellLine(BenchArgs(r, w, BenchSettings{2, 0.5, 5})),
            "bench m.onnx --provider webgpu --dim batch=1,4 --value lengths=@T --cold-runs 2 --warmup 5 --duration "
            "0.5s --format json");
  EXPECT_EQ(ShellLine(MemcheckArgs(r, w, MemcheckSettings{150, true})),
            "memcheck m.onnx --provider webgpu --dim batch=1,4 --value lengths=@T --runs 150 --variants --format json");
  EXPECT_EQ(ShellLine(ProfileArgs(r, w, 10)),
            "profile m.onnx --provider webgpu --dim batch=4 --value lengths=@T --runs 10 --roofline --format json");
  EXPECT_EQ(ShellLine(FixArgs(r, "/tmp/x/m.fixed.onnx", 20)),
            "fix m.onnx -o /tmp/x/m.fixed.onnx --force --bench --runs 20 --format json");
  // The graph view: profile keeps its trace, graph overlays it at the sizes profile ran.
  EXPECT_EQ(ShellLine(ProfileArgs(r, w, 10, {"/tmp/g/profile.json", "/tmp/g/mem.csv"})),
            "profile m.onnx --provider webgpu --dim batch=4 --value lengths=@T --runs 10 --trace /tmp/g/profile.json "
            "--node-memory-stats /tmp/g/mem.csv --roofline --format json");
  EXPECT_EQ(ShellLine(GraphArgs(r, w, "/tmp/v/graph.html", {"/tmp/g/profile.json", "/tmp/g/mem.csv"})),
            "graph m.onnx -o /tmp/v/graph.html --force --provider webgpu --dim batch=4 --profile /tmp/g/profile.json "
            "--node-memory /tmp/g/mem.csv");
  EXPECT_EQ(ShellLine(GraphArgs(r, w, "graph.html", {"", "mem.csv"})),
            "graph m.onnx -o graph.html --force --provider webgpu --dim batch=4 --node-memory mem.csv");
  // compress: on the CPU whatever --provider says, at profile's sizes, with the settings that fit.
  r.custom_op_libraries = {"libdcn.so"};
  CompressSettings c;
  c.runs = 10;
  c.repeats = 3;
  c.warmup = 2;
  c.cold_runs = 2;
  c.rss_runs = 3;
  EXPECT_EQ(ShellLine(CompressArgs(r, w, c)),
            "compress m.onnx --custom-op-library libdcn.so --dim batch=4 --runs 10 --repeats 3 --warmup 2 --cold-runs 2 "
            "--rss-runs 3 --format json");
  r.custom_op_libraries.clear();
  r.provider = "cpu";  // every node is on the CPU: no placement overlay
  EXPECT_EQ(ShellLine(GraphArgs(r, w, "graph.html", {})), "graph m.onnx -o graph.html --force --dim batch=4");
}

}  // namespace
}  // namespace ortkit::doctor
