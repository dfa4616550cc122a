// Tests of SessionConfig: Validate rules, provider names, JSON layout and errors, files.
#include "ortkit/session_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ortkit/error.h"

namespace ortkit {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kKnown =
    "cpu, webgpu, cuda, tensorrt, rocm, migraphx, openvino, dnnl, xnnpack, coreml, nnapi, qnn, "
    "dml, acl, armnn, vitisai, cann, azure, js";

/// Expects `f` to throw ortkit::Error with exactly this category and message. (Not EXPECT_THROW:
/// its failure output is the whole macro expansion, which hides the expected message.)
template <typename F>
void ExpectError(F&& f, ErrorCategory category, const std::string& message) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), category) << e.what();
    EXPECT_EQ(std::string(e.what()), message);
    return;
  }
  ADD_FAILURE() << "no ortkit::Error thrown; expected: " << message;
}

void ExpectInvalid(const SessionConfig& c, const std::string& message) {
  ExpectError([&] { c.Validate(); }, ErrorCategory::kConfig, message);
}

void ExpectJsonError(const std::string& json, const std::string& message) {
  ExpectError([&] { SessionConfig::FromJson(json); }, ErrorCategory::kConfig, message);
}

/// A regular file that exists wherever the test runs (Validate checks library paths): this binary.
std::string AnExistingFile() { return fs::read_symlink("/proc/self/exe").string(); }

/// A config with every field away from its default (cpu_arena stays on: the arena options need it).
SessionConfig NonDefaultConfig() {
  SessionConfig c;
  c.providers = {{"cuda", {{"device_id", "1"}, {"gpu_mem_limit", "1073741824"}}}, {"cpu", {}}};
  c.intra_op_threads = 3;
  c.inter_op_threads = 2;
  c.allow_spinning = false;
  c.optimization_level = OptimizationLevel::kBasic;
  c.execution_mode = ExecutionMode::kParallel;
  c.memory.memory_pattern = false;
  c.memory.arena_extend_strategy = ArenaExtendStrategy::kSameAsRequested;
  c.memory.arena_shrink_after_run = true;
  c.profiling_prefix = "prof/run";
  c.optimized_model_path = "out/model.opt.onnx";
  c.config_entries = {{"session.use_env_allocators", "1"}, {"session.disable_prepacking", "0"}};
  c.custom_op_libraries = {AnExistingFile()};
  return c;
}

// --- Validate -------------------------------------------------------------------------------

TEST(SessionConfigTest, DefaultsValidate) {
  EXPECT_NO_THROW(SessionConfig().Validate());
  EXPECT_NO_THROW(NonDefaultConfig().Validate());
}

TEST(SessionConfigTest, RejectsUnknownProvider) {
  SessionConfig c;
  c.providers = {{"cpu", {}}, {"gpu", {}}};
  ExpectInvalid(c, "session config: providers[1].name: expected one of " + kKnown + ", got 'gpu'");
}

TEST(SessionConfigTest, AcceptsOrtSpellingOfProviderNames) {
  SessionConfig c;
  c.providers = {{"CUDAExecutionProvider", {}}, {"WebGPU", {}}};
  EXPECT_NO_THROW(c.Validate());
}

TEST(SessionConfigTest, RejectsProviderListedTwice) {
  SessionConfig c;
  c.providers = {{"cuda", {}}, {"cpu", {}}, {"cuda", {}}};
  ExpectInvalid(c,
                "session config: providers[2].name: expected each provider at most once, got "
                "'cuda' again (already providers[0])");
}

TEST(SessionConfigTest, RejectsSameProviderUnderTwoSpellings) {
  SessionConfig c;
  c.providers = {{"cuda", {}}, {"CUDAExecutionProvider", {}}};
  ExpectInvalid(c,
                "session config: providers[1].name: expected each provider at most once, got "
                "'CUDAExecutionProvider' again (already providers[0])");
}

TEST(SessionConfigTest, RejectsEmptyProviderOptionKey) {
  SessionConfig c;
  c.providers = {{"cuda", {{"", "1"}}}};
  ExpectInvalid(c, "session config: providers[0].options: expected non-empty option names, got ''");
}

TEST(SessionConfigTest, RejectsNegativeIntraOpThreads) {
  SessionConfig c;
  c.intra_op_threads = -1;
  ExpectInvalid(c, "session config: intra_op_threads: expected an integer from 0 to 1024, got -1");
}

TEST(SessionConfigTest, RejectsTooManyInterOpThreads) {
  SessionConfig c;
  c.inter_op_threads = 1025;
  ExpectInvalid(c,
                "session config: inter_op_threads: expected an integer from 0 to 1024, got 1025");
}

TEST(SessionConfigTest, AcceptsThreadCountsAtTheBounds) {
  SessionConfig c;
  c.intra_op_threads = 1024;
  c.inter_op_threads = 0;
  EXPECT_NO_THROW(c.Validate());
}

TEST(SessionConfigTest, AllowsInterOpThreadsInSequentialMode) {
  SessionConfig c;
  c.execution_mode = ExecutionMode::kSequential;
  c.inter_op_threads = 4;
  EXPECT_NO_THROW(c.Validate());
}

TEST(SessionConfigTest, RejectsEmptyConfigEntryKey) {
  SessionConfig c;
  c.config_entries[""] = "1";
  ExpectInvalid(c, "session config: config_entries: expected non-empty keys, got ''");
}

TEST(SessionConfigTest, RejectsMissingCustomOpLibrary) {
  SessionConfig c;
  c.custom_op_libraries = {AnExistingFile(), "/nonexistent/libdcn.so"};
  ExpectInvalid(c, "session config: custom_op_libraries[1]: expected an existing file, got "
                   "'/nonexistent/libdcn.so' (no such file)");
}

TEST(SessionConfigTest, RejectsDirectoryAndEmptyPathAsCustomOpLibrary) {
  SessionConfig c;
  c.custom_op_libraries = {"/tmp"};
  ExpectInvalid(c, "session config: custom_op_libraries[0]: expected a regular file (a shared library), got "
                   "'/tmp' (not a regular file)");
  c.custom_op_libraries = {""};
  ExpectInvalid(c, "session config: custom_op_libraries[0]: expected the path of a shared library, got ''");
}

TEST(SessionConfigTest, AddsEachCustomOpLibraryOnce) {
  SessionConfig c;
  c.AddCustomOpLibrary("/a/libx.so");
  c.AddCustomOpLibrary("/b/liby.so");
  c.AddCustomOpLibrary("/a/libx.so");
  EXPECT_EQ(c.custom_op_libraries, (std::vector<std::string>{"/a/libx.so", "/b/liby.so"}));
}

TEST(SessionConfigTest, ReadingAProfileChecksItsLibrariesExist) {
  ExpectJsonError(R"({"custom_op_libraries": ["/nonexistent/libdcn.so"]})",
                  "session config: custom_op_libraries[0]: expected an existing file, got "
                  "'/nonexistent/libdcn.so' (no such file)");
}

TEST(SessionConfigTest, RejectsArenaShrinkWithoutCpuArena) {
  SessionConfig c;
  c.memory.cpu_arena = false;
  c.memory.arena_shrink_after_run = true;
  ExpectInvalid(c,
                "session config: memory.arena_shrink_after_run: expected false when "
                "memory.cpu_arena is false (shrinking needs the CPU arena), got true");
}

TEST(SessionConfigTest, RejectsSameAsRequestedWithoutCpuArena) {
  SessionConfig c;
  c.memory.cpu_arena = false;
  c.memory.arena_extend_strategy = ArenaExtendStrategy::kSameAsRequested;
  ExpectInvalid(c,
                "session config: memory.arena_extend_strategy: expected next_power_of_two when "
                "memory.cpu_arena is false (the strategy only applies to the CPU arena), got "
                "'same_as_requested'");
}

TEST(SessionConfigTest, AcceptsDisabledArenaWithDefaultArenaOptions) {
  SessionConfig c;
  c.memory.cpu_arena = false;
  c.memory.memory_pattern = false;
  EXPECT_NO_THROW(c.Validate());
}

TEST(SessionConfigTest, RejectsEnumValuesOutsideTheirRange) {
  SessionConfig c;
  c.optimization_level = static_cast<OptimizationLevel>(7);
  ExpectInvalid(c,
                "session config: optimization_level: expected one of disabled, basic, extended, "
                "layout, all, got 7");
  c = SessionConfig();
  c.execution_mode = static_cast<ExecutionMode>(-1);
  ExpectInvalid(c, "session config: execution_mode: expected one of sequential, parallel, got -1");
}

// --- Names ----------------------------------------------------------------------------------

TEST(SessionConfigTest, CanonicalizesProviderNamesCaseInsensitively) {
  EXPECT_EQ(CanonicalProviderName("cpu"), "cpu");
  EXPECT_EQ(CanonicalProviderName("WebGPU"), "webgpu");
  EXPECT_EQ(CanonicalProviderName("webgpuexecutionprovider"), "webgpu");
  EXPECT_EQ(CanonicalProviderName("WebGpuExecutionProvider"), "webgpu");
  EXPECT_EQ(CanonicalProviderName("CUDAExecutionProvider"), "cuda");
  EXPECT_EQ(CanonicalProviderName("TensorRT"), "tensorrt");
}

TEST(SessionConfigTest, ReturnsNoCanonicalNameForUnknownProviders) {
  EXPECT_EQ(CanonicalProviderName("gpu"), std::nullopt);
  EXPECT_EQ(CanonicalProviderName(""), std::nullopt);
  EXPECT_EQ(CanonicalProviderName("cuda "), std::nullopt);
  EXPECT_EQ(CanonicalProviderName("ExecutionProvider"), std::nullopt);
}

TEST(SessionConfigTest, MapsEveryCanonicalNameToOrtsName) {
  const std::vector<std::pair<std::string, std::string>> table = {
      {"cpu", "CPUExecutionProvider"},
      {"webgpu", "WebGpuExecutionProvider"},
      {"cuda", "CUDAExecutionProvider"},
      {"tensorrt", "TensorrtExecutionProvider"},
      {"rocm", "ROCMExecutionProvider"},
      {"migraphx", "MIGraphXExecutionProvider"},
      {"openvino", "OpenVINOExecutionProvider"},
      {"dnnl", "DnnlExecutionProvider"},
      {"xnnpack", "XnnpackExecutionProvider"},
      {"coreml", "CoreMLExecutionProvider"},
      {"nnapi", "NnapiExecutionProvider"},
      {"qnn", "QNNExecutionProvider"},
      {"dml", "DmlExecutionProvider"},
      {"acl", "ACLExecutionProvider"},
      {"armnn", "ArmNNExecutionProvider"},
      {"vitisai", "VitisAIExecutionProvider"},
      {"cann", "CANNExecutionProvider"},
      {"azure", "AzureExecutionProvider"},
      {"js", "JsExecutionProvider"},
  };
  std::vector<std::string> expected_order;
  for (const auto& [canonical, ort] : table) {
    EXPECT_EQ(OrtProviderName(canonical), ort);
    EXPECT_EQ(CanonicalProviderName(ort), canonical);
    expected_order.push_back(canonical);
  }
  EXPECT_EQ(KnownProviderNames(), expected_order);
}

TEST(SessionConfigTest, OrtProviderNameAcceptsAnySpellingAndRejectsUnknownNames) {
  EXPECT_EQ(OrtProviderName("CUDA"), "CUDAExecutionProvider");
  ExpectError([] { OrtProviderName("gpu"); }, ErrorCategory::kConfig,
              "session config: provider: expected one of " + kKnown + ", got 'gpu'");
}

TEST(SessionConfigTest, NamesEnumValues) {
  EXPECT_STREQ(ToString(OptimizationLevel::kDisabled), "disabled");
  EXPECT_STREQ(ToString(OptimizationLevel::kBasic), "basic");
  EXPECT_STREQ(ToString(OptimizationLevel::kExtended), "extended");
  EXPECT_STREQ(ToString(OptimizationLevel::kAll), "all");
  EXPECT_STREQ(ToString(ExecutionMode::kSequential), "sequential");
  EXPECT_STREQ(ToString(ExecutionMode::kParallel), "parallel");
  EXPECT_STREQ(ToString(ArenaExtendStrategy::kNextPowerOfTwo), "next_power_of_two");
  EXPECT_STREQ(ToString(ArenaExtendStrategy::kSameAsRequested), "same_as_requested");
}

// --- Equality -------------------------------------------------------------------------------

TEST(SessionConfigTest, ComparesEveryField) {
  const SessionConfig base = NonDefaultConfig();
  EXPECT_EQ(base, NonDefaultConfig());
  std::vector<SessionConfig> changed(13, base);
  changed[0].providers[0].options["device_id"] = "2";
  changed[1].providers.pop_back();
  changed[2].intra_op_threads = 4;
  changed[3].inter_op_threads = 4;
  changed[4].allow_spinning.reset();
  changed[5].optimization_level = OptimizationLevel::kAll;
  changed[6].execution_mode = ExecutionMode::kSequential;
  changed[7].memory.memory_pattern = true;
  changed[8].memory.arena_shrink_after_run = false;
  changed[9].profiling_prefix = "";
  changed[10].optimized_model_path = "";
  changed[11].config_entries.clear();
  changed[12].custom_op_libraries.push_back("/other/libops.so");
  for (std::size_t i = 0; i < changed.size(); ++i) EXPECT_NE(changed[i], base) << "change " << i;
  MemoryConfig m;
  m.cpu_arena = false;
  EXPECT_FALSE(m == MemoryConfig());
  m = MemoryConfig();
  m.arena_extend_strategy = ArenaExtendStrategy::kSameAsRequested;
  EXPECT_FALSE(m == MemoryConfig());
}

// --- JSON -----------------------------------------------------------------------------------

TEST(SessionConfigTest, WritesTheDocumentedLayout) {
  EXPECT_EQ(SessionConfig().ToJson(),
            R"({
  "format": "ortkit.session_config/1",
  "providers": [],
  "intra_op_threads": 0,
  "inter_op_threads": 0,
  "allow_spinning": null,
  "optimization_level": "all",
  "execution_mode": "sequential",
  "memory": {
    "cpu_arena": true,
    "memory_pattern": true,
    "arena_extend_strategy": "next_power_of_two",
    "arena_shrink_after_run": false
  },
  "profiling_prefix": "",
  "optimized_model_path": "",
  "config_entries": {},
  "custom_op_libraries": []
})");
}

TEST(SessionConfigTest, WritesOneLineWithNegativeIndent) {
  SessionConfig c;
  c.providers = {{"xnnpack", {{"intra_op_num_threads", "2"}}}};
  EXPECT_EQ(c.ToJson(-1),
            R"({"format":"ortkit.session_config/1","providers":[{"name":"xnnpack","options":)"
            R"({"intra_op_num_threads":"2"}}],"intra_op_threads":0,"inter_op_threads":0,)"
            R"("allow_spinning":null,"optimization_level":"all","execution_mode":"sequential",)"
            R"("memory":{"cpu_arena":true,"memory_pattern":true,)"
            R"("arena_extend_strategy":"next_power_of_two","arena_shrink_after_run":false},)"
            R"("profiling_prefix":"","optimized_model_path":"","config_entries":{},"custom_op_libraries":[]})");
}

TEST(SessionConfigTest, RoundTripsEveryNonDefaultField) {
  const SessionConfig c = NonDefaultConfig();
  EXPECT_EQ(SessionConfig::FromJson(c.ToJson()), c);
  EXPECT_EQ(SessionConfig::FromJson(c.ToJson(-1)), c);
  EXPECT_EQ(SessionConfig::FromJson(c.ToJson(0)), c);
}

TEST(SessionConfigTest, RoundTripsDisabledArena) {
  SessionConfig c;
  c.memory.cpu_arena = false;
  c.memory.memory_pattern = false;
  EXPECT_EQ(SessionConfig::FromJson(c.ToJson()), c);
}

TEST(SessionConfigTest, RoundTripsAllowSpinningUnsetTrueAndFalse) {
  for (const std::optional<bool> spinning :
       {std::optional<bool>(), std::optional<bool>(true), std::optional<bool>(false)}) {
    SessionConfig c;
    c.allow_spinning = spinning;
    const SessionConfig back = SessionConfig::FromJson(c.ToJson());
    EXPECT_EQ(back.allow_spinning, spinning);
    EXPECT_EQ(back, c);
  }
}

TEST(SessionConfigTest, RoundTripsEveryProviderAndOddStrings) {
  SessionConfig c;
  for (const std::string& name : KnownProviderNames()) c.providers.push_back({name, {}});
  c.providers[0].options = {{"key with spaces", "quote \" backslash \\ newline \n"},
                            {"unicode", "\xc3\xa9t\xc3\xa9"}};
  c.config_entries = {{"a.b.c", ""}};
  EXPECT_EQ(SessionConfig::FromJson(c.ToJson()), c);
}

TEST(SessionConfigTest, RoundTripsEveryEnumValue) {
  for (auto level : {OptimizationLevel::kDisabled, OptimizationLevel::kBasic,
                     OptimizationLevel::kExtended, OptimizationLevel::kAll}) {
    for (auto mode : {ExecutionMode::kSequential, ExecutionMode::kParallel}) {
      SessionConfig c;
      c.optimization_level = level;
      c.execution_mode = mode;
      EXPECT_EQ(SessionConfig::FromJson(c.ToJson()), c);
    }
  }
}

TEST(SessionConfigTest, CanonicalizesProviderNamesInJson) {
  const SessionConfig c = SessionConfig::FromJson(
      R"({"providers": [{"name": "CUDAExecutionProvider"}, {"name": "CPU", "options": {}}]})");
  ASSERT_EQ(c.providers.size(), 2u);
  EXPECT_EQ(c.providers[0].name, "cuda");
  EXPECT_EQ(c.providers[1].name, "cpu");

  SessionConfig written;
  written.providers = {{"WebGpuExecutionProvider", {}}};
  EXPECT_THAT(written.ToJson(-1), HasSubstr(R"("providers":[{"name":"webgpu","options":{}}])"));
}

TEST(SessionConfigTest, KeepsDefaultsForMissingKeys) {
  EXPECT_EQ(SessionConfig::FromJson("{}"), SessionConfig());
  const SessionConfig c =
      SessionConfig::FromJson(R"({"intra_op_threads": 4, "memory": {"memory_pattern": false}})");
  SessionConfig expected;
  expected.intra_op_threads = 4;
  expected.memory.memory_pattern = false;
  EXPECT_EQ(c, expected);
}

TEST(SessionConfigTest, AcceptsMatchingFormat) {
  EXPECT_EQ(SessionConfig::FromJson(R"({"format": "ortkit.session_config/1"})"), SessionConfig());
}

TEST(SessionConfigTest, RejectsOtherFormat) {
  ExpectJsonError(R"({"format": "ortkit.session_config/2"})",
                  "session config: format: expected 'ortkit.session_config/1', got "
                  "'ortkit.session_config/2'");
  ExpectJsonError(R"({"format": 1})", "session config: format: expected a string, got number 1");
}

TEST(SessionConfigTest, RejectsInvalidJson) {
  try {
    SessionConfig::FromJson(R"({"intra_op_threads": 4,)");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_THAT(e.what(), StartsWith("session config: invalid JSON: [json.exception.parse_error"));
    EXPECT_THAT(e.what(), HasSubstr("line 1"));
  }
  EXPECT_THROW(SessionConfig::FromJson(""), Error);
  EXPECT_THROW(SessionConfig::FromJson("{} {}"), Error);
}

// Found by the session_config fuzz target: nlohmann reports a number beyond double's range as
// out_of_range, not parse_error, and it escaped FromJson.
TEST(SessionConfigTest, RejectsNumberBeyondDoubleRange) {
  for (const char* json : {"1e400", R"({"intra_op_threads": 1e400})"}) {
    try {
      SessionConfig::FromJson(json);
      FAIL() << "no error for " << json;
    } catch (const Error& e) {
      EXPECT_EQ(e.category(), ErrorCategory::kConfig);
      EXPECT_THAT(e.what(), HasSubstr("number overflow"));
    }
  }
}

TEST(SessionConfigTest, RejectsNonObjectTopLevel) {
  ExpectJsonError("[]", "session config: top level: expected an object, got array");
  ExpectJsonError("null", "session config: top level: expected an object, got null");
}

TEST(SessionConfigTest, RejectsUnknownTopLevelKey) {
  ExpectJsonError(R"({"intra_op_thread": 4})",
                  "session config: intra_op_thread: expected a known key (format, providers, "
                  "intra_op_threads, inter_op_threads, allow_spinning, optimization_level, "
                  "execution_mode, memory, profiling_prefix, optimized_model_path, "
                  "config_entries, custom_op_libraries), got 'intra_op_thread'");
}

TEST(SessionConfigTest, RejectsUnknownMemoryKey) {
  ExpectJsonError(R"({"memory": {"cpu_arena": true, "arena": false}})",
                  "session config: memory.arena: expected a known key (cpu_arena, memory_pattern, "
                  "arena_extend_strategy, arena_shrink_after_run), got 'arena'");
}

TEST(SessionConfigTest, RejectsUnknownProviderKey) {
  ExpectJsonError(R"({"providers": [{"name": "cpu"}, {"name": "cuda", "device_id": "0"}]})",
                  "session config: providers[1].device_id: expected a known key (name, options), "
                  "got 'device_id'");
}

TEST(SessionConfigTest, BracketsKeysThatAreNotIdentifiers) {
  ExpectJsonError(R"({"session.x": 1})",
                  "session config: [\"session.x\"]: expected a known key (format, providers, "
                  "intra_op_threads, inter_op_threads, allow_spinning, optimization_level, "
                  "execution_mode, memory, profiling_prefix, optimized_model_path, "
                  "config_entries, custom_op_libraries), got 'session.x'");
}

TEST(SessionConfigTest, RejectsWrongTypes) {
  ExpectJsonError(R"({"intra_op_threads": "4"})",
                  "session config: intra_op_threads: expected an integer, got string \"4\"");
  ExpectJsonError(R"({"inter_op_threads": 1.5})",
                  "session config: inter_op_threads: expected an integer, got number 1.5");
  ExpectJsonError(R"({"allow_spinning": "yes"})",
                  "session config: allow_spinning: expected a boolean or null, got string \"yes\"");
  ExpectJsonError(R"({"memory": {"cpu_arena": 1}})",
                  "session config: memory.cpu_arena: expected a boolean, got number 1");
  ExpectJsonError(R"({"memory": []})", "session config: memory: expected an object, got array");
  ExpectJsonError(R"({"profiling_prefix": null})",
                  "session config: profiling_prefix: expected a string, got null");
  ExpectJsonError(R"({"optimized_model_path": false})",
                  "session config: optimized_model_path: expected a string, got boolean false");
  ExpectJsonError(R"({"config_entries": ["a"]})",
                  "session config: config_entries: expected an object, got array");
  ExpectJsonError(R"({"custom_op_libraries": "libops.so"})",
                  "session config: custom_op_libraries: expected an array of strings, got string \"libops.so\"");
  ExpectJsonError(R"({"custom_op_libraries": [1]})",
                  "session config: custom_op_libraries[0]: expected a string, got number 1");
}

TEST(SessionConfigTest, RejectsThreadCountsBeyondInt) {
  ExpectJsonError(R"({"intra_op_threads": 10000000000})",
                  "session config: intra_op_threads: expected an integer from 0 to 1024, got "
                  "10000000000");
  ExpectJsonError(R"({"inter_op_threads": -10000000000})",
                  "session config: inter_op_threads: expected an integer from 0 to 1024, got "
                  "-10000000000");
}

TEST(SessionConfigTest, RejectsMalformedProviders) {
  ExpectJsonError(R"({"providers": {"name": "cpu"}})",
                  "session config: providers: expected an array, got object");
  ExpectJsonError(R"({"providers": ["cpu"]})",
                  "session config: providers[0]: expected an object, got string \"cpu\"");
  ExpectJsonError(R"({"providers": [{"options": {}}]})",
                  "session config: providers[0]: expected an object with a \"name\" key, got none");
  ExpectJsonError(R"({"providers": [{"name": 3}]})",
                  "session config: providers[0].name: expected a string, got number 3");
  ExpectJsonError(R"({"providers": [{"name": "cpu", "options": []}]})",
                  "session config: providers[0].options: expected an object, got array");
}

TEST(SessionConfigTest, RejectsNonStringProviderOptionValues) {
  ExpectJsonError(R"({"providers": [{"name": "cuda", "options": {"device_id": 0}}]})",
                  "session config: providers[0].options.device_id: expected a string (values are "
                  "text: write \"0\"), got number 0");
  ExpectJsonError(R"({"providers": [{"name": "cuda", "options": {"enable_cuda_graph": true}}]})",
                  "session config: providers[0].options.enable_cuda_graph: expected a string "
                  "(values are text: write \"true\"), got boolean true");
  ExpectJsonError(R"({"providers": [{"name": "cuda", "options": {"x": null}}]})",
                  "session config: providers[0].options.x: expected a string, got null");
}

TEST(SessionConfigTest, RejectsNonStringConfigEntryValues) {
  ExpectJsonError(R"({"config_entries": {"session.use_env_allocators": 1}})",
                  "session config: config_entries[\"session.use_env_allocators\"]: expected a "
                  "string (values are text: write \"1\"), got number 1");
}

TEST(SessionConfigTest, RejectsBadEnumValues) {
  ExpectJsonError(R"({"optimization_level": "max"})",
                  "session config: optimization_level: expected one of disabled, basic, extended, "
                  "layout, all, got 'max'");
  ExpectJsonError(R"({"execution_mode": "Parallel"})",
                  "session config: execution_mode: expected one of sequential, parallel, got "
                  "'Parallel'");
  ExpectJsonError(R"({"memory": {"arena_extend_strategy": "double"}})",
                  "session config: memory.arena_extend_strategy: expected one of "
                  "next_power_of_two, same_as_requested, got 'double'");
  ExpectJsonError(R"({"optimization_level": 99})",
                  "session config: optimization_level: expected a string, one of disabled, basic, "
                  "extended, layout, all, got number 99");
}

TEST(SessionConfigTest, ValidatesWhatItReads) {
  ExpectJsonError(R"({"providers": [{"name": "gpu"}]})",
                  "session config: providers[0].name: expected one of " + kKnown + ", got 'gpu'");
  ExpectJsonError(R"({"intra_op_threads": -1})",
                  "session config: intra_op_threads: expected an integer from 0 to 1024, got -1");
  ExpectJsonError(R"({"memory": {"cpu_arena": false, "arena_shrink_after_run": true}})",
                  "session config: memory.arena_shrink_after_run: expected false when "
                  "memory.cpu_arena is false (shrinking needs the CPU arena), got true");
}

TEST(SessionConfigTest, RejectsInvalidUtf8OnWrite) {
  SessionConfig c;
  c.profiling_prefix = "\xff";
  try {
    c.ToJson();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_THAT(e.what(), StartsWith("session config: cannot write as JSON: "));
    EXPECT_THAT(e.what(), HasSubstr("UTF-8"));
  }
}

// --- Files ----------------------------------------------------------------------------------

class SessionConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* env = std::getenv("ORTKIT_TEST_TMPDIR");
    const fs::path base = env && *env ? fs::path(env) : fs::temp_directory_path();
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = base / ("session_config_test-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  static std::string Slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

  static void Write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }

  fs::path dir_;
};

TEST_F(SessionConfigFileTest, SavesAndLoadsAFile) {
  const std::string path = (dir_ / "profile.json").string();
  const SessionConfig c = NonDefaultConfig();
  c.SaveToFile(path);
  EXPECT_EQ(Slurp(path), c.ToJson() + "\n");
  EXPECT_EQ(SessionConfig::FromFile(path), c);
}

TEST_F(SessionConfigFileTest, ReplacesAnExistingFileAndLeavesNoTemporaryFile) {
  const std::string path = (dir_ / "profile.json").string();
  Write(path, "old content");
  NonDefaultConfig().SaveToFile(path);
  SessionConfig().SaveToFile(path);
  EXPECT_EQ(SessionConfig::FromFile(path), SessionConfig());
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"profile.json"});
}

TEST_F(SessionConfigFileTest, MissingFileIsAnIoError) {
  const std::string path = (dir_ / "missing.json").string();
  ExpectError([&] { SessionConfig::FromFile(path); }, ErrorCategory::kIo,
              "cannot read session config '" + path + "': " + std::strerror(ENOENT));
}

TEST_F(SessionConfigFileTest, DirectoryIsAnIoError) {
  const std::string path = dir_.string();
  ExpectError([&] { SessionConfig::FromFile(path); }, ErrorCategory::kIo,
              "cannot read session config '" + path + "': " + std::strerror(EISDIR));
}

TEST_F(SessionConfigFileTest, ContentErrorNamesTheFile) {
  const std::string path = (dir_ / "bad.json").string();
  Write(path, R"({"intra_op_threads": -1})");
  ExpectError([&] { SessionConfig::FromFile(path); }, ErrorCategory::kConfig,
              "'" + path +
                  "': session config: intra_op_threads: expected an integer from 0 to 1024, "
                  "got -1");
}

TEST_F(SessionConfigFileTest, SavingIntoAMissingDirectoryIsAnIoError) {
  const std::string path = (dir_ / "no" / "such" / "dir" / "profile.json").string();
  ExpectError([&] { SessionConfig().SaveToFile(path); }, ErrorCategory::kIo,
              "while writing '" + path + "': directory '" + (dir_ / "no" / "such" / "dir").string() + "' does not exist");
}

TEST_F(SessionConfigFileTest, SavingOverAnExistingProfileIsRefusedWhenAskedTo) {
  const std::string path = (dir_ / "profile.json").string();
  SessionConfig().SaveToFile(path);
  SessionConfig other;
  other.intra_op_threads = 3;
  ExpectError([&] { other.SaveToFile(path, /*overwrite=*/false); }, ErrorCategory::kIo,
              "while writing '" + path + "': it exists; pass --force to overwrite it");
  EXPECT_EQ(SessionConfig::FromFile(path), SessionConfig());
  other.SaveToFile(path);  // the default replaces it
  EXPECT_EQ(SessionConfig::FromFile(path).intra_op_threads, 3);
}

}  // namespace
}  // namespace ortkit
