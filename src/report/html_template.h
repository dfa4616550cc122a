// The report pages' templates (assets/*.html) filled in: one pass over @NAME@ placeholders.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace ortkit::report {

/// Replaces each @NAME@ of `page_template` with values.at(NAME) in one pass, so text put in is
/// never scanned for placeholders again. An @ not starting a known placeholder is kept as is.
std::string FillTemplate(std::string_view page_template, const std::map<std::string, std::string>& values);

}  // namespace ortkit::report
