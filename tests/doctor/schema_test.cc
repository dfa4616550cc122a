// Tests of docs/doctor.schema.json with the small checker: a complete hand-made document conforms,
// and the checker catches what breaks the documented shape (so a passing run means something).
#include <fstream>
#include <functional>

#include <gtest/gtest.h>

#include "doctor/actions.h"
#include "doctor/doctor_documents.h"
#include "doctor/mini_schema.h"
#include "doctor/verdicts.h"

namespace ortkit::doctor {
namespace {

using nlohmann::json;

json Schema() {
  std::ifstream in(ORTKIT_DOCTOR_SCHEMA);
  return json::parse(in);
}

json Complete() {
  json doc = testing::DemoDocument();
  doc["verdicts"] = testing::VerdictsJson(doc);
  doc["actions"] = testing::ActionsJson(doc);
  return doc;
}

TEST(DoctorSchemaTest, ACompleteDocumentConforms) {
  const auto errors = testing::SchemaErrors(Schema(), Complete());
  EXPECT_TRUE(errors.empty()) << errors.front();
}

TEST(DoctorSchemaTest, TheCheckerCatchesEachKindOfBreak) {
  const json schema = Schema();
  const auto broken = [&](const std::function<void(json&)>& change) {
    json doc = Complete();
    change(doc);
    return testing::SchemaErrors(schema, doc);
  };
  EXPECT_FALSE(broken([](json& d) { d.erase("steps"); }).empty());                         // required
  EXPECT_FALSE(broken([](json& d) { d["schema_version"] = 2; }).empty());                  // const
  EXPECT_FALSE(broken([](json& d) { d["verdicts"][0]["status"] = "fine"; }).empty());      // enum
  EXPECT_FALSE(broken([](json& d) { d["steps"][2]["seconds"] = "2"; }).empty());           // type
  EXPECT_FALSE(broken([](json& d) { d["steps"][2]["result"] = json::array(); }).empty());  // object or null
  EXPECT_FALSE(broken([](json& d) { d["actions"][0]["rank"] = 0; }).empty());              // minimum
  EXPECT_FALSE(broken([](json& d) { d["request"]["budget_s"] = 0; }).empty());             // exclusiveMinimum
  EXPECT_FALSE(broken([](json& d) { d["environment"].erase("cores"); }).empty());
  EXPECT_TRUE(broken([](json& d) { d["steps"][2]["result"] = nullptr; }).empty());
}

}  // namespace
}  // namespace ortkit::doctor
