// Tests of the aligned text table used by every human-readable renderer.
#include "report/text_table.h"

#include <sstream>

#include <gtest/gtest.h>

namespace ortkit::report {
namespace {

TEST(TextTableTest, AlignsColumnsAndRightAlignsNumbers) {
  TextTable table({"name", "count", "note"}, {false, true, false});
  table.AddRow({"x", "1", "short"});
  table.AddRow({"longer", "1234"});  // a missing cell is empty
  std::ostringstream out;
  table.Render(out, 2);
  EXPECT_EQ(out.str(),
            "  name    count  note\n"
            "  x           1  short\n"
            "  longer   1234\n");
}

TEST(TextTableTest, CountsUtf8CharactersNotBytes) {
  TextTable table({"n", "v"});
  table.AddRow({"\xc3\xa9t\xc3\xa9", "1"});  // "été": 3 characters, 5 bytes
  table.AddRow({"abc", "2"});
  std::ostringstream out;
  table.Render(out);
  EXPECT_EQ(out.str(), "n    v\n\xc3\xa9t\xc3\xa9  1\nabc  2\n");
}


}  // namespace
}  // namespace ortkit::report
