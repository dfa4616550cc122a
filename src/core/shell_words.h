// Command lines as a POSIX shell reads them: how ortkit prints a command a person can paste.
#pragma once

#include <string>
#include <vector>

namespace ortkit::core {

/// The words as one /bin/sh command line: a word of only safe characters (letters, digits and
/// "-_./=,:+@%") as it is, any other in single quotes with embedded quotes escaped ('\'').
std::string ShellLine(const std::vector<std::string>& words);

}  // namespace ortkit::core
