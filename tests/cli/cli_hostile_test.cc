// Hostile and broken inputs through the real `ortkit` binary, under a 512 MiB address-space limit
// and a time limit: every case ends in one clear error line (exit 2) naming the file, or, for
// `check`, in findings; never a crash, a hang or a huge allocation.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/hostile_models.h"
#include "cli/limited_runner.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;

// The hostile files, each written on first use into one directory shared by the cases of this
// process (ctest runs every case in its own process, so writing only what a case needs keeps
// the suite quick: the nested model takes a moment to build).
class HostileFiles : public ::testing::Environment {
 public:
  static std::unique_ptr<TempDir> dir;
  void SetUp() override { dir = std::make_unique<TempDir>(); }
  void TearDown() override {
    // A debugging aid: ORTKIT_HOSTILE_FILES_COPY=DIR keeps a copy of the files to try by hand.
    if (const char* copy = std::getenv("ORTKIT_HOSTILE_FILES_COPY"); copy != nullptr && *copy != '\0') {
      std::error_code ec;
      fs::copy(dir->path(), copy, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
    }
    dir.reset();
  }
};
std::unique_ptr<TempDir> HostileFiles::dir;
const auto* const kFiles = ::testing::AddGlobalTestEnvironment(new HostileFiles);

// Writes hostile file `name` into `dir` (nothing for names that must not exist, like missing.onnx).
void Make(const TempDir& dir, const std::string& name) {
  const auto file = [&dir](const std::string& n) { return dir.File(n); };
  const std::map<std::string, std::function<void()>> writers = {
      {"add.onnx", [&] { WriteFile(file(name), AddModel()); }},
      {"truncated.onnx", [&] { WriteTruncatedModel(file(name)); }},
      {"random.onnx", [&] { WriteRandomBytes(file(name)); }},
      {"tensor_proto.onnx", [&] { WriteTensorProtoAsModel(file(name)); }},
      {"over_2gib.onnx", [&] { WriteSparseOver2GiBModel(file(name)); }},
      {"negative_input_dim.onnx", [&] { WriteDimsModel(file(name), -5, {3}, 3); }},
      {"zero_input_dim.onnx", [&] { WriteDimsModel(file(name), 0, {3}, 3); }},
      {"absurd_input_dim.onnx", [&] { WriteDimsModel(file(name), int64_t{1} << 62, {3}, 3); }},
      {"negative_initializer_dim.onnx", [&] { WriteDimsModel(file(name), std::nullopt, {-3}, 3); }},
      {"zero_initializer_dim.onnx", [&] { WriteDimsModel(file(name), std::nullopt, {0}, 0); }},
      {"overflowing_initializer.onnx",
       [&] { WriteDimsModel(file(name), std::nullopt, {int64_t{1} << 40, int64_t{1} << 40}, 3); }},
      {"gigabyte_initializer.onnx", [&] { WriteDimsModel(file(name), std::nullopt, {int64_t{1} << 30}, 3); }},
      {"nested_if.onnx", [&] { WriteNestedIfModel(file(name), 3000); }},
      {"cycle.onnx", [&] { WriteCyclicModel(file(name)); }},
      {"external_absolute.onnx", [&] { WriteExternalDataModel(file(name), "/etc/passwd", 16); }},
      {"external_escape.onnx", [&] { WriteExternalDataModel(file(name), "../../etc/passwd", 16); }},
      {"external_symlink.onnx",
       [&] {
         fs::create_symlink("/etc/passwd", file("link.bin"));
         WriteExternalDataModel(file(name), "link.bin", 16);
       }},
      {"external_short.onnx",
       [&] {
         WriteFile(file("short.bin"), std::string(8, '\0'));
         WriteExternalDataModel(file(name), "short.bin", 16);
       }},
      {"a_directory.onnx", [&] { fs::create_directory(file(name)); }},
      {"unreadable.onnx",
       [&] {
         WriteFile(file(name), AddModel());
         ::chmod(file(name).c_str(), 0);
       }},
      {"convtranspose_rank2_weight.onnx", [&] { WriteConvTransposeRank2WeightModel(file(name)); }},
      {"huge_claim.pb", [&] { WriteHugeClaimTensorPb(file(name)); }},
      {"huge_claim.npy", [&] { WriteHugeClaimNpy(file(name)); }},
      {"bad_header.npy", [&] { WriteBadHeaderNpy(file(name)); }},
      {"header_past_end.npy", [&] { WriteHeaderPastEndNpy(file(name)); }},
  };
  if (const auto it = writers.find(name); it != writers.end()) it->second();
}

// The directory holding the hostile files, with those `args` name written first.
const std::string& Dir(const std::vector<std::string>& args = {}) {
  static std::set<std::string> made;
  for (std::string arg : args) {
    if (const auto eq = arg.find('='); eq != std::string::npos) arg = arg.substr(eq + 1);  // --input x=FILE
    if (made.insert(arg).second) Make(*HostileFiles::dir, arg);
  }
  return HostileFiles::dir->path();
}

// The argument list of `command` reading `file`; outputs go to names no other case uses.
std::vector<std::string> CommandLine(const std::string& command, const std::string& file) {
  const std::string out = "out_" + command + "_" + file;
  if (command == "fix") return {"fix", file, "-o", out};
  if (command == "extract") return {"extract", file, "-o", out, "--inputs", "x", "--outputs", "z"};
  if (command == "bench") return {"bench", file, "--runs", "2", "--warmup", "1", "--cold-runs", "1"};
  return {command, file};
}

std::string Describe(const std::vector<std::string>& args, const LimitedResult& r) {
  std::string line = "ortkit";
  for (const auto& a : args) line += " " + a;
  return line + "\nexit " + std::to_string(r.exit_code) + (r.timed_out ? " (timed out)" : "") + "\nstderr:\n" +
         r.err + "stdout:\n" + r.out.substr(0, 2000);
}

// The promises every run keeps, whatever the input: it ends by itself, without a signal, and an
// error is one line naming the file.
void ExpectOneCleanError(const std::vector<std::string>& args, const LimitedResult& r, const std::string& names,
                         const std::string& or_names = "") {
  EXPECT_FALSE(r.timed_out) << Describe(args, r);
  EXPECT_EQ(r.signal, 0) << Describe(args, r);
  ASSERT_EQ(r.exit_code, 2) << Describe(args, r);
  auto lines = Lines(r.err);
  // A usage error (a bad option value) may add main's one hint line, "Run 'ortkit X --help' ...".
  if (lines.size() == 2 && lines[1].rfind("Run 'ortkit ", 0) == 0) lines.pop_back();
  ASSERT_EQ(lines.size(), 1u) << Describe(args, r);
  EXPECT_EQ(lines[0].rfind("ortkit: error: ", 0), 0u) << Describe(args, r);
  const bool named = lines[0].find(names) != std::string::npos ||
                     (!or_names.empty() && lines[0].find(or_names) != std::string::npos);
  EXPECT_TRUE(named) << "the error should name '" << names << "'\n" << Describe(args, r);
}

struct UnreadableCase {
  std::string file;
  /// What the one error line must say (any one of these, ignoring case): ortkit's own readers
  /// and ONNX Runtime's loader (run, bench) word the same refusal differently.
  std::vector<std::string> says;
};

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool SaysAnyOf(const std::string& text, const std::vector<std::string>& phrases) {
  for (const auto& phrase : phrases) {
    if (Lower(text).find(Lower(phrase)) != std::string::npos) return true;
  }
  return false;
}

void PrintTo(const UnreadableCase& c, std::ostream* os) { *os << c.file; }

// Files that are not a usable model: every subcommand that reads a model refuses them the same way.
class UnreadableModelTest : public ::testing::TestWithParam<std::tuple<UnreadableCase, std::string>> {};

TEST_P(UnreadableModelTest, EveryCommandRefusesItInOneLine) {
  const auto& [c, command] = GetParam();
  const auto args = CommandLine(command, c.file);
  if (command == "inspect" && c.file == "over_2gib.onnx") {
    // inspect scans the wire format of a memory map without reading the weights, so it describes
    // the model; the map needs address space for the whole file, hence the larger limit.
    Limits limits;
    limits.address_space_bytes = uint64_t{4} << 30;
    const LimitedResult r = RunLimited(args, Dir(args), limits);
    EXPECT_EQ(r.exit_code, 0) << Describe(args, r);
    EXPECT_NE(r.out.find("2.3 GiB"), std::string::npos) << Describe(args, r);
    return;
  }
  const LimitedResult r = RunLimited(args, Dir(args));
  if (command == "inspect" && c.file.rfind("external_", 0) == 0) {
    // inspect reads no weights, so it describes the reference instead of refusing the model.
    EXPECT_FALSE(r.timed_out) << Describe(args, r);
    EXPECT_EQ(r.exit_code, 0) << Describe(args, r);
    EXPECT_NE(r.out.find("external data"), std::string::npos) << Describe(args, r);
    // A location outside the model's directory is not even looked up: its size would tell whether
    // the file exists.
    if (c.file != "external_short.onnx") {
      EXPECT_NE(r.out.find("refused: "), std::string::npos) << Describe(args, r);
      EXPECT_EQ(r.out.find("missing"), std::string::npos) << Describe(args, r);
    }
    return;
  }
  ExpectOneCleanError(args, r, c.file);
  EXPECT_TRUE(SaysAnyOf(r.err, c.says)) << "expected the error to say '" << c.says.front() << "' or the like\n"
                                        << Describe(args, r);
  EXPECT_FALSE(fs::exists(Dir() + "/out_" + command + "_" + c.file)) << "an output was written for a refused input";
}

const std::vector<std::string> kModelCommands = {"inspect", "check", "run", "fix", "extract", "bench"};

INSTANTIATE_TEST_SUITE_P(
    Hostile, UnreadableModelTest,
    ::testing::Combine(::testing::Values(UnreadableCase{"truncated.onnx", {"protobuf"}},
                                         UnreadableCase{"random.onnx", {"protobuf"}},
                                         UnreadableCase{"tensor_proto.onnx", {"protobuf", "not an ONNX model"}},
                                         UnreadableCase{"over_2gib.onnx", {"2 GiB", "protobuf"}},
                                         UnreadableCase{"external_absolute.onnx", {"absolute"}},
                                         UnreadableCase{"external_escape.onnx",
                                                        {"leaves the model's directory", "escapes model directory"}},
                                         UnreadableCase{"external_symlink.onnx",
                                                        {"outside the model's directory", "escapes model directory"}},
                                         UnreadableCase{"external_short.onnx", {"shorter than declared", "out of bounds"}},
                                         UnreadableCase{"missing.onnx", {"No such file"}},
                                         UnreadableCase{"a_directory.onnx", {"directory"}}),
                       ::testing::ValuesIn(kModelCommands)),
    [](const auto& p) {
      std::string name = std::get<0>(p.param).file + "_" + std::get<1>(p.param);
      for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

// Models that parse but are wrong inside (dims, nesting, cycles): `check` may report them as
// findings (exit 1); every other command refuses them with one line, or (inspect) describes them.
class BrokenModelTest : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(BrokenModelTest, EndsInOneErrorLineOrFindings) {
  const auto& [file, command] = GetParam();
  const auto args = CommandLine(command, file);
  const LimitedResult r = RunLimited(args, Dir(args));
  EXPECT_FALSE(r.timed_out) << Describe(args, r);
  EXPECT_EQ(r.signal, 0) << Describe(args, r);
  if (r.exit_code == 0 || r.exit_code == 1) {
    // A report (check's findings, fix's "NOT written: verification failed", run on a dimension
    // ORT treats as free) names the model on stdout.
    EXPECT_NE(r.out.find(file), std::string::npos) << Describe(args, r);
    return;
  }
  // A model that loads but whose input can't be made names the input (the model is the only one).
  ExpectOneCleanError(args, r, file, "input 'x'");
}

INSTANTIATE_TEST_SUITE_P(Hostile, BrokenModelTest,
                         ::testing::Combine(::testing::Values("negative_input_dim.onnx", "absurd_input_dim.onnx",
                                                              "negative_initializer_dim.onnx",
                                                              "overflowing_initializer.onnx",
                                                              "gigabyte_initializer.onnx", "nested_if.onnx",
                                                              "cycle.onnx"),
                                            ::testing::ValuesIn(kModelCommands)),
                         [](const auto& p) {
                           std::string name = std::get<0>(p.param) + "_" + std::get<1>(p.param);
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

TEST(HostileDimsTest, ZeroDimsRunOrFailCleanly) {
  for (const std::string file : {"zero_input_dim.onnx", "zero_initializer_dim.onnx"}) {
    for (const std::string command : {"inspect", "check", "run"}) {
      const auto args = CommandLine(command, file);
      const LimitedResult r = RunLimited(args, Dir(args));
      EXPECT_FALSE(r.timed_out) << Describe(args, r);
      EXPECT_EQ(r.signal, 0) << Describe(args, r);
      if (r.exit_code == 2) ExpectOneCleanError(args, r, file);
    }
  }
}

TEST(HostileDimsTest, BadDimValuesAreRefusedNamingTheDimension) {
  for (const std::string value : {"-1", "99999999999999999999", "4611686018427387904", "x"}) {
    for (const std::string command : {"run", "bench"}) {
      std::vector<std::string> args = CommandLine(command, "add.onnx");
      args.insert(args.end(), {"--dim", "batch=" + value});
      const LimitedResult r = RunLimited(args, Dir(args));
      // run names the input and the shape the dimension gave it; the option parsers name it.
      ExpectOneCleanError(args, r, value == "4611686018427387904" && command == "run" ? value : "batch");
    }
  }
}

TEST(HostileTensorFileTest, TensorFilesClaimingTooMuchOrMalformedAreRefused) {
  for (const std::string file : {"huge_claim.pb", "huge_claim.npy", "bad_header.npy", "header_past_end.npy",
                                 "truncated.onnx", "missing.npy"}) {
    for (const std::string command : {"run", "bench"}) {
      std::vector<std::string> args = CommandLine(command, "add.onnx");
      args.insert(args.end(), {"--input", "x=" + file});
      const LimitedResult r = RunLimited(args, Dir(args));
      ExpectOneCleanError(args, r, file);
    }
  }
}

TEST(HostilePermissionTest, AFileWithoutReadPermissionIsRefused) {
  Limits limits;
  limits.obey_file_permissions = true;  // as root, only dropping the override makes mode 000 count
  for (const std::string& command : kModelCommands) {
    const auto args = CommandLine(command, "unreadable.onnx");
    const LimitedResult r = RunLimited(args, Dir(args), limits);
    if (r.exit_code == 125) GTEST_SKIP() << "cannot drop CAP_DAC_OVERRIDE here, so root reads any file: not testable";
    ExpectOneCleanError(args, r, "unreadable.onnx");
    EXPECT_NE(r.err.find("Permission denied"), std::string::npos) << Describe(args, r);
  }
}

// `check` lets ORT load the model in a child process first; the test hook makes that child die
// the way a crashing ORT would (the variable is read by the child only), and check must still
// print its whole report with the crash as an error finding.
TEST(CheckCrashIsolationTest, AnOrtCrashWhileLoadingBecomesAFinding) {
  for (const auto& [hook, signal] : {std::pair<std::string, std::string>{"abort", "signal 6, SIGABRT"},
                                     std::pair<std::string, std::string>{"segv", "signal 11, SIGSEGV"}}) {
    Limits limits;
    limits.environment = {"ORTKIT_TEST_CHECK_LOAD_CRASH=" + hook};
    const std::vector<std::string> args{"check", "add.onnx"};
    const LimitedResult r = RunLimited(args, Dir(args), limits);
    EXPECT_EQ(r.signal, 0) << Describe(args, r);
    EXPECT_EQ(r.exit_code, 1) << Describe(args, r);
    EXPECT_EQ(r.err, "") << Describe(args, r);
    // The text report wraps the message after the signal; JsonReportCarriesTheCrash sees it whole.
    EXPECT_NE(r.out.find("ONNX Runtime crashed while loading the model (" + signal + ":"), std::string::npos)
        << Describe(args, r);
    EXPECT_NE(r.out.find("ORTKIT_TEST_CHECK_LOAD_CRASH=" + hook + ": crashing on purpose)"), std::string::npos)
        << Describe(args, r);
    EXPECT_NE(r.out.find("ORT load  failed"), std::string::npos) << Describe(args, r);
    // The static rules still ran: the free dimension of the inputs is reported.
    EXPECT_NE(r.out.find("ORTKIT008 dynamic-dims  input 'x'"), std::string::npos) << Describe(args, r);
  }
}

// An ONNX inference function that crashes (the test hook stands in for one: those known are
// guarded): check and inspect --nodes run inference in a child process first, and report the
// crash instead of dying of it.
Limits InferenceCrashes() {
  Limits limits;
  limits.environment = {"ORTKIT_TEST_CHECK_LOAD_CRASH=infer-segv"};
  return limits;
}

TEST(InferenceCrashIsolationTest, CheckReportsTheCrashAsAFindingAndSkipsOrt) {
  const std::vector<std::string> args{"check", "add.onnx"};
  const LimitedResult r = RunLimited(args, Dir(args), InferenceCrashes());
  EXPECT_EQ(r.signal, 0) << Describe(args, r);
  EXPECT_EQ(r.exit_code, 1) << Describe(args, r);
  EXPECT_EQ(r.err, "") << Describe(args, r);
  EXPECT_NE(r.out.find("ONNX shape inference crashed on the model (signal 11, SIGSEGV:"), std::string::npos)
      << Describe(args, r);
  EXPECT_NE(r.out.find("ORTKIT_TEST_CHECK_LOAD_CRASH=infer-segv: crashing on purpose)"), std::string::npos)
      << Describe(args, r);
  EXPECT_NE(r.out.find("ORT load  failed"), std::string::npos) << Describe(args, r);
}

TEST(InferenceCrashIsolationTest, InspectNodesSaysInferenceCrashedAndStillListsTheNodes) {
  const std::vector<std::string> args{"inspect", "--nodes", "add.onnx"};
  const LimitedResult r = RunLimited(args, Dir(args), InferenceCrashes());
  EXPECT_EQ(r.signal, 0) << Describe(args, r);
  EXPECT_EQ(r.exit_code, 0) << Describe(args, r);
  EXPECT_NE(r.out.find("Add"), std::string::npos) << Describe(args, r);
  EXPECT_NE(r.out.find("ONNX shape inference crashed on this model (signal 11, SIGSEGV"), std::string::npos)
      << Describe(args, r);
}

// Found by the model_check fuzz target (and by CI's 30-second run of it): ONNX 1.12's
// ConvTranspose inference reads a rank-2 weight out of bounds (SIGSEGV). The guard in front of it
// makes that an inference error naming the node, in the child probe and in-process alike.
TEST(InferenceCrashIsolationTest, ConvTransposeWithARankTwoWeightIsAnInferenceErrorNotACrash) {
  const std::vector<std::string> check{"check", "convtranspose_rank2_weight.onnx"};
  const LimitedResult c = RunLimited(check, Dir(check));
  EXPECT_EQ(c.signal, 0) << Describe(check, c);
  EXPECT_EQ(c.exit_code, 1) << Describe(check, c);
  EXPECT_NE(c.out.find("ConvTranspose: the weight has rank 2, the input rank 4"), std::string::npos) << Describe(check, c);
  EXPECT_EQ(c.out.find("crashed"), std::string::npos) << Describe(check, c);

  const std::vector<std::string> inspect{"inspect", "--nodes", "convtranspose_rank2_weight.onnx"};
  const LimitedResult i = RunLimited(inspect, Dir(inspect));
  EXPECT_EQ(i.exit_code, 0) << Describe(inspect, i);
  EXPECT_NE(i.out.find("ConvTranspose"), std::string::npos) << Describe(inspect, i);
  EXPECT_EQ(i.out.find("crashed"), std::string::npos) << Describe(inspect, i);
}

TEST(CheckCrashIsolationTest, JsonReportCarriesTheCrash) {
  Limits limits;
  limits.environment = {"ORTKIT_TEST_CHECK_LOAD_CRASH=abort"};
  const std::vector<std::string> args{"check", "add.onnx", "--format", "json"};
  const LimitedResult r = RunLimited(args, Dir(args), limits);
  EXPECT_EQ(r.exit_code, 1) << Describe(args, r);
  EXPECT_NE(r.out.find("\"loads_in_ort\": false"), std::string::npos) << Describe(args, r);
  EXPECT_NE(r.out.find("\"message\": \"ONNX Runtime crashed while loading the model (signal 6, SIGABRT: "
                       "ORTKIT_TEST_CHECK_LOAD_CRASH=abort: crashing on purpose)\""),
            std::string::npos)
      << Describe(args, r);
}

TEST(CheckCrashIsolationTest, WithoutACrashTheModelLoadsAsBefore) {
  const std::vector<std::string> args{"check", "add.onnx"};
  const LimitedResult r = RunLimited(args, Dir(args));
  EXPECT_EQ(r.exit_code, 0) << Describe(args, r);
  EXPECT_NE(r.out.find("ORT load  ok"), std::string::npos) << Describe(args, r);
  EXPECT_EQ(r.out.find("crashed"), std::string::npos) << Describe(args, r);
}

TEST(CheckCrashIsolationTest, NoOrtMeansNoChildAndNoCrash) {
  Limits limits;
  limits.environment = {"ORTKIT_TEST_CHECK_LOAD_CRASH=abort"};
  const std::vector<std::string> args{"check", "add.onnx", "--no-ort"};
  const LimitedResult r = RunLimited(args, Dir(args), limits);
  EXPECT_EQ(r.exit_code, 0) << Describe(args, r);
  EXPECT_EQ(r.out.find("crashed"), std::string::npos) << Describe(args, r);
}

TEST(HostileNestingTest, DeepNestingIsNamedAsSuch) {
  for (const std::string command : {"check", "fix", "extract"}) {
    const auto args = CommandLine(command, "nested_if.onnx");
    const LimitedResult r = RunLimited(args, Dir(args));
    ExpectOneCleanError(args, r, "nested_if.onnx");
    EXPECT_NE(r.err.find("subgraphs nested deeper than protobuf can parse"), std::string::npos) << Describe(args, r);
  }
}

}  // namespace
}  // namespace ortkit::testing
