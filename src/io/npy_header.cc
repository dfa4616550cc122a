// The .npy header: a small parser for the Python literal subset NumPy writes, and its writer.
#include "io/npy_header.h"

#include <cstdint>
#include <limits>
#include <optional>

#include "io/io_common.h"
#include "ortkit/error.h"

namespace ortkit::io {
namespace {

// Recursive descent over: '{' (string ':' value ',')* '}' where a value is a string, True/False
// or a tuple of integers. Nothing is evaluated, so a hostile header can only be refused.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, const std::string& where) : text_(text), where_(where) {}

  NpyHeader Parse() {
    std::optional<std::string> descr;
    std::optional<bool> fortran_order;
    std::optional<Shape> shape;
    SkipSpace();
    Expect('{', "expected '{'");
    SkipSpace();
    while (!Consume('}')) {
      const std::string key = ParseString("a quoted key");
      SkipSpace();
      Expect(':', "expected ':' after '" + Printable(key) + "'");
      SkipSpace();
      if (key == "descr") {
        if (descr) Fail("duplicate key 'descr'");
        if (Peek() == '[') Fail("structured dtypes are not supported");
        descr = ParseString("a quoted dtype");
      } else if (key == "fortran_order") {
        if (fortran_order) Fail("duplicate key 'fortran_order'");
        fortran_order = ParseBool();
      } else if (key == "shape") {
        if (shape) Fail("duplicate key 'shape'");
        shape = ParseShape();
      } else {
        Fail("unexpected key '" + Printable(key) + "'");
      }
      SkipSpace();
      if (!Consume(',')) {
        Expect('}', "expected ',' or '}'");
        break;
      }
      SkipSpace();
    }
    SkipSpace();
    if (pos_ != text_.size()) Fail("unexpected text after '}'");
    if (!descr) Fail("missing key 'descr'");
    if (!fortran_order) Fail("missing key 'fortran_order'");
    if (!shape) Fail("missing key 'shape'");
    return NpyHeader{*descr, *fortran_order, *shape};
  }

 private:
  [[noreturn]] void Fail(const std::string& why) const {
    throw Error(ErrorCategory::kIo, where_ + ": bad .npy header (" + why + " at offset " +
                                        std::to_string(pos_) + "): " + Printable(text_, 120));
  }

  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  bool Consume(char c) {
    if (Peek() != c || pos_ >= text_.size()) return false;
    ++pos_;
    return true;
  }

  void Expect(char c, const std::string& why) {
    if (!Consume(c)) Fail(why);
  }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  // Quoted with ' or "; NumPy's keys and dtype strings never contain escapes.
  std::string ParseString(const char* expected) {
    const char quote = Peek();
    if (quote != '\'' && quote != '"') Fail(std::string("expected ") + expected);
    const std::size_t end = text_.find(quote, pos_ + 1);
    if (end == std::string_view::npos) Fail("unterminated string");
    std::string value(text_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return value;
  }

  bool ParseBool() {
    if (text_.substr(pos_, 4) == "True") {
      pos_ += 4;
      return true;
    }
    if (text_.substr(pos_, 5) == "False") {
      pos_ += 5;
      return false;
    }
    Fail("expected True or False for 'fortran_order'");
  }

  // "()", "(3,)", "(2, 3)", "(2, 3,)"; "(3)" is accepted too, though Python reads it as an int.
  Shape ParseShape() {
    Expect('(', "expected a tuple for 'shape'");
    Shape shape;
    SkipSpace();
    while (!Consume(')')) {
      shape.push_back(ParseDim());
      SkipSpace();
      if (!Consume(',')) {
        Expect(')', "expected ',' or ')' in 'shape'");
        break;
      }
      SkipSpace();
    }
    return shape;
  }

  int64_t ParseDim() {
    const bool negative = Consume('-');
    if (Peek() < '0' || Peek() > '9') Fail("expected an integer in 'shape'");
    uint64_t value = 0;
    constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    while (Peek() >= '0' && Peek() <= '9') {
      const auto digit = static_cast<uint64_t>(Peek() - '0');
      if (value > (kMax - digit) / 10) Fail("dimension too large");
      value = value * 10 + digit;
      ++pos_;
    }
    Consume('L');  // Python 2's long literals, as old NumPy wrote them
    if (negative && value != 0) Fail("negative dimension -" + std::to_string(value) + " in 'shape'");
    return static_cast<int64_t>(value);
  }

  std::string_view text_;
  const std::string& where_;
  std::size_t pos_ = 0;
};

// Python's repr of a tuple of ints.
std::string TupleRepr(const Shape& shape) {
  if (shape.size() == 1) return "(" + std::to_string(shape[0]) + ",)";
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(shape[i]);
  }
  return out + ")";
}

void AppendLittleEndian(std::string& out, uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

}  // namespace

NpyHeader ParseNpyHeader(std::string_view text, const std::string& where) {
  return HeaderParser(text, where).Parse();
}

std::string FormatNpyHeader(const std::string& descr, const Shape& shape) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " +
                     TupleRepr(shape) + ", }";
  // NumPy (>= 1.23) leaves room for the first dimension to grow to 21 digits, so that appending
  // can rewrite the header in place; copied so the bytes match NumPy's.
  constexpr std::size_t kGrowthAxisMaxDigits = 21;
  if (!shape.empty()) {
    const std::size_t digits = std::to_string(shape[0]).size();
    if (digits < kGrowthAxisMaxDigits) dict.append(kGrowthAxisMaxDigits - digits, ' ');
  }
  // The data starts at a multiple of 64 bytes; like NumPy, a header that is already aligned
  // still gets 64 spaces of padding.
  constexpr std::size_t kAlign = 64;
  int major = 1;
  std::size_t preamble = 10;
  std::size_t length = dict.size() + 1;  // + the final newline
  std::size_t padding = kAlign - (preamble + length) % kAlign;
  if (length + padding > 0xffff) {
    major = 2;
    preamble = 12;
    padding = kAlign - (preamble + length) % kAlign;
  }
  length += padding;
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  AppendLittleEndian(out, static_cast<uint32_t>(length), major == 1 ? 2 : 4);
  out += dict;
  out.append(padding, ' ');
  out += '\n';
  return out;
}

}  // namespace ortkit::io
