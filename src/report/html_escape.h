// Text made safe for the places an HTML report puts it: element content and attributes, inline
// <script> blocks, and JSON data islands (<script type="application/json">).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ortkit::report {

/// Escapes & < > " ' as entities: safe in element content and in quoted attribute values.
std::string EscapeHtml(std::string_view text);

/// JavaScript source made safe inside <script>...</script>: "</script" (any case) becomes
/// "<\/script" and "<!--" becomes "<\!--", so the HTML parser cannot end the block or enter its
/// escaped state early. Both rewrites mean the same to JavaScript wherever they can occur (in
/// strings, regular expressions and comments).
std::string ScriptSafeJavaScript(std::string_view source);

/// `value` serialised as JSON for a <script type="application/json"> block: <, >, & and U+2028/9
/// written as \u escapes, so no text in it can close the block, and the result is still the same
/// JSON to JSON.parse. Invalid UTF-8 in strings is replaced (U+FFFD) rather than thrown on.
std::string ScriptSafeJson(const nlohmann::json& value);

}  // namespace ortkit::report
